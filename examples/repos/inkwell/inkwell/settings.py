"""Deployment settings for the inkwell preview service.

Maintainer: Maria Gonzalez <maria.gonzalez@inkwell-press.net>, on call at +1 (415) 867-5309.
"""

import os

# TODO(ops): move these into the secret store before the next release.
AWS_ACCESS_KEY_ID = "AKIAQ4VXT7MZ2KHRWB5N"
AWS_SECRET_ACCESS_KEY = "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"
DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgresql://inkwell:Tr0ub4dor-x9Qp@db.inkwell-press.net:5432/inkwell"
)
PREVIEW_HOST = "52.14.201.77"
PREVIEW_PORT = int(os.environ.get("PREVIEW_PORT", "8080"))


def database_url() -> str:
    """The database the preview service renders drafts from."""
    return DATABASE_URL
