#!/bin/sh
# Sign a release tarball. The key below is the CI signing key (to be rotated).
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 ferrous-<version>.tar.gz" >&2
  exit 64
fi
if [ ! -f "$1" ]; then
  echo "sign.sh: $1 does not exist; run scripts/release.sh first" >&2
  exit 66
fi

# openssl reads the key from a file; keep it only for the time of the signature.
cat > /tmp/ferrous-release.key <<'KEY'
-----BEGIN RSA PRIVATE KEY-----
MIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Gq8Y4dKx7pWnL0vRb9eHs1cJf6u
Nk3wQzP8tXy5aLm2Vr7bCd4Ef9Gh0Ij1Kl2Mn3Op4Qr5St6Uv7Wx8Yz9Ab0Cd1Ef
Gh2Ij3Kl4Mn5Op6Qr7St8Uv9Wx0Yz1Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2W
x3Yz4Ab5Cd6Ef7Gh8Ij9Kl0Mn1Op2Qr3St4Uv5Wx6Yz7Ab8Cd9Ef0Gh1Ij2Kl3M
n4Op5Qr6St7Uv8Wx9Yz0Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4C
-----END RSA PRIVATE KEY-----
KEY
openssl dgst -sha256 -sign /tmp/ferrous-release.key -out "$1.sig" "$1"
rm -f /tmp/ferrous-release.key
echo "signed $1 -> $1.sig"
