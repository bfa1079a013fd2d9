#!/usr/bin/env python3
"""pycognito's real client work for one SRP login: AWSSRP construction (draws `a`, computes A), get_auth_params
(the SRP_A sent in InitiateAuth) and process_challenge on a fixed PASSWORD_VERIFIER challenge. Nothing is patched:
AWSSRP gets a stand-in for its boto3 client that refuses any use, and these steps never use it. Part of
scripts/bench-srp.

Usage (inside the venv that has pycognito): pycognito_bench.py CHALLENGE.json WARMUP_S SECONDS OUT.json
"""

import json
import sys
import warnings

from pycognito.aws_srp import AWSSRP

from timing import measure

# pycognito calls datetime.utcnow(), deprecated from Python 3.12 on; the warning is noise here.
warnings.simplefilter("ignore", DeprecationWarning)


class NoNetworkClient:
    """Passed as AWSSRP's boto3 client: any use of it would be a network call, so it fails loudly."""

    def __getattr__(self, name):
        raise RuntimeError(f"pycognito tried to use its AWS client ({name}); the benchmark allows no network")


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    with open(argv[1]) as f:
        ch = json.load(f)
    warmup, seconds, out = float(argv[2]), float(argv[3]), argv[4]
    client = NoNetworkClient()
    challenge = {
        "USERNAME": ch["user"],
        "USER_ID_FOR_SRP": ch["user"],
        "SALT": ch["salt"],
        "SRP_B": ch["srp_b"],
        "SECRET_BLOCK": ch["secret_block"],
    }

    def login():
        srp = AWSSRP(username=ch["user"], password=ch["password"], pool_id=ch["pool_id"],
                     client_id="bench-client-id", client=client)
        auth = srp.get_auth_params()
        return auth["SRP_A"], srp.process_challenge(challenge, auth)

    result = measure(login, warmup, seconds)
    result["name"] = "pycognito"
    srp_a, response = login()
    result["sample"] = {
        "srp_a": srp_a,
        "timestamp": response["TIMESTAMP"],
        "signature": response["PASSWORD_CLAIM_SIGNATURE"],
    }
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv)
