#!/usr/bin/env python3
"""Mints N learner JWTs (HS256, issuer cooc-local) for the benchmark, one per line.

Same shape as Cooc.Functions.Identity.LocalTokenIssuer, without starting a process per token.
Usage: mint_tokens.py KEY_FILE ORG ROLE COUNT OUT_FILE [SUBJECT_PREFIX] [DIGITS]
(DIGITS: the number in the subject padded with zeros to that width, e.g. 5 for the claims benchmark's learner-00042)
"""
import base64, hashlib, hmac, json, sys, time


def b64url(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def main() -> None:
    key_file, org, role, count, out_file = sys.argv[1:6]
    prefix = sys.argv[6] if len(sys.argv) > 6 else "bench-learner-"
    digits = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    key = base64.b64decode(open(key_file).read().strip())
    now = int(time.time())
    header = b64url(json.dumps({"alg": "HS256", "kid": "local", "typ": "JWT"}, separators=(",", ":")).encode())
    mac = hmac.new(key, digestmod=hashlib.sha256)
    with open(out_file, "wb") as out:
        for i in range(int(count)):
            claims = {"sub": f"{prefix}{i:0{digits}d}", "org": org, "roles": [role],
                      "iss": "cooc-local", "aud": "cooc", "nbf": now - 5, "iat": now, "exp": now + 12 * 3600}
            signing_input = header + b"." + b64url(json.dumps(claims, separators=(",", ":")).encode())
            m = mac.copy()
            m.update(signing_input)
            out.write(signing_input + b"." + b64url(m.digest()) + b"\n")


if __name__ == "__main__":
    main()
