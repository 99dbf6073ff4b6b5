"""Expands a SAM template into the CloudFormation that AWS deploys, with SAM's own translator
(samtranslator, installed with the SAM CLI), offline: no AWS call. Prints the JSON.

Usage: python3 sam-translate.py template.yaml [Parameter=value ...]
"""
import json
import os
import sys

# The translator reads a region from the environment; it never calls AWS.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The generated templates name no managed policy by name: nothing to look up in IAM."""

    def load(self):
        return {}


template = yaml_parse(open(sys.argv[1]).read())
for resource in template.get("Resources", {}).values():
    if resource.get("Type") == "AWS::Serverless::Function":
        # What `sam package` does: the code is uploaded, the template points at it.
        resource["Properties"]["CodeUri"] = "s3://bucket/key"
parameters = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}
# Template parameters, as `sam deploy --parameter-overrides` gives them.
parameters.update(arg.split("=", 1) for arg in sys.argv[2:])
print(json.dumps(transform(template, parameters, NoManagedPolicies()), indent=1))
