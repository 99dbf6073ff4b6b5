"""Hooks of the contract tester (Schemathesis) against a workspace's local loop.

Each hook narrows what the tester sends for one reason that is not the API's fault, and says it.
Nothing here changes what a check accepts: the checks judge every request that is sent.
"""

import schemathesis


def _positive(case):
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


@schemathesis.hook
def filter_case(ctx, case):
    # A body that is not UTF-8: `cargo lambda watch` answers 500 itself and never invokes the
    # function (API Gateway passes such a body base64-encoded; the functions answer it 400, as
    # the shared crate's `bodies_are_json_within_their_type_limit` and the local e2e's
    # base64 invocation show).
    if isinstance(case.body, (bytes, bytearray)):
        try:
            case.body.decode("utf-8")
        except UnicodeDecodeError:
            return False
    # Schemathesis 4.32.5's coverage phase labels its "default positive test case" positive while
    # its header is a negative placeholder when the header's pattern needs a character other than
    # letters and digits (If-Match: `"1"`): it sends `If-Match: 0` as a valid request. A case whose
    # every part is positive is kept.
    if _positive(case):
        return all(component.mode.is_positive for component in case.meta.components.values())
    return True


@schemathesis.hook
def map_case(ctx, case):
    if _positive(case):
        # `next` is a token this API issued for this listing: the schema can give its alphabet,
        # not which tokens were issued, so a valid request does not carry a made-up one (invalid
        # ones are still sent, and must be refused).
        if case.query and "next" in case.query:
            del case.query["next"]
        # An update's body may repeat its id, which must be the path's: a rule across the path and
        # the body that JSON Schema cannot state. A valid update repeats the path's, so that its
        # fields are what the check judges (the settings allow the 400 where a later phase links
        # another id into the path).
        path_id = (case.path_parameters or {}).get("id")
        if isinstance(case.body, dict) and "id" in case.body and path_id is not None:
            case.body["id"] = path_id
    return case
