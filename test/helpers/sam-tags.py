"""Prints, as JSON, the stack tags SAM CLI's own parser reads from an environment of samconfig.toml."""
import json
import sys
import tomllib

from samcli.cli.types import CfnTags

config = tomllib.load(open(sys.argv[1], "rb"))
print(json.dumps(CfnTags().convert(config[sys.argv[2]]["deploy"]["parameters"]["tags"], None, None)))
