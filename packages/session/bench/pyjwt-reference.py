"""The Python reference's act-JWT verification, as a bench baseline for act-jwt.bench.ts.

The Python library's OutOfSessionTokenRequest.receive_and_verify_act_jwt: PyJWT decode (RS256 only, audience required, exp verified), then the jti replay set
(the jti added before the act check), then `act` must contain `sub`; returns the act. The public
key is loaded once. No logging (the bench's verifier has no logger output either).

Line-delimited JSON on stdin/stdout, one request per line:
  {"publicKeyPem": "...", "audience": "...", "tokens": ["...", ...]}
      -> {"ready": true, "pyjwt": "2.6.0", "cryptography": "38.0.4"}
  {"count": N}
      -> {"count": N, "seconds": <time spent verifying, by this process's clock>}
A round verifies N tokens, walking the token list; the replay set starts empty at each pass over
the list, as each token's jti is distinct and would otherwise be refused as replayed on the next
pass. Any failure answers {"error": "<class>: <message>"}.
"""

import json
import sys
import time

import cryptography
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key


class Reference:
    def __init__(self, public_key_pem, audience, tokens):
        self.public_key = load_pem_public_key(public_key_pem.encode("ascii"))
        self.audience = audience
        self.tokens = tokens
        self.next = 0
        self.used_jtis = set()

    def receive_and_verify_act_jwt(self, act_jwt, expected_audience):
        try:
            decoded = jwt.decode(
                act_jwt,
                self.public_key,
                algorithms=["RS256"],
                audience=expected_audience,
                options={"verify_exp": True},
            )
        except jwt.ExpiredSignatureError:
            raise ValueError("Act JWT expired")
        except jwt.InvalidAudienceError:
            raise ValueError("Act JWT invalid audience")
        except jwt.InvalidSignatureError:
            raise ValueError("Act JWT signature invalid")
        except jwt.InvalidTokenError as error:
            raise ValueError(f"Act JWT invalid: {type(error).__name__}")
        jti = decoded.get("jti")
        if jti:
            if jti in self.used_jtis:
                raise ValueError("Act JWT replay detected")
            self.used_jtis.add(jti)
        act = decoded.get("act")
        if not act or "sub" not in act:
            raise ValueError("Act JWT must contain act.sub")
        return act

    def round(self, count):
        tokens = self.tokens
        audience = self.audience
        started = time.perf_counter()
        for _ in range(count):
            if self.next == len(tokens):
                self.next = 0
                self.used_jtis = set()
            self.receive_and_verify_act_jwt(tokens[self.next], audience)
            self.next += 1
        return time.perf_counter() - started


def main():
    reference = None
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if "tokens" in request:
                reference = Reference(
                    request["publicKeyPem"], request["audience"], request["tokens"]
                )
                reply = {
                    "ready": True,
                    "pyjwt": jwt.__version__,
                    "cryptography": cryptography.__version__,
                }
            else:
                count = request["count"]
                reply = {"count": count, "seconds": reference.round(count)}
        except Exception as error:  # the bench reports it and stops
            reply = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
