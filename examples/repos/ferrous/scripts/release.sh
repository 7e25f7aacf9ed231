#!/usr/bin/env bash
# Cut a release: check the tree, check the changelog, tag, push.
#
#   scripts/release.sh 1.2.3            # tag v1.2.3 and push it
#   scripts/release.sh 1.2.3 --dry-run  # show what would happen
#
# The CI pipeline listens for v* tags and does the actual build and upload,
# so this script never touches package registries itself.
set -euo pipefail

usage() {
  echo "usage: $0 VERSION [--dry-run]" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
version="$1"
dry_run=0
if [[ "${2:-}" == "--dry-run" ]]; then
  dry_run=1
elif [[ $# -gt 1 ]]; then
  usage
fi

if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-(alpha|beta|rc)\.[0-9]+)?$ ]]; then
  echo "error: '$version' is not a semantic version like 1.4.0 or 2.0.0-rc.1" >&2
  exit 2
fi
tag="v$version"

run() {
  if [[ $dry_run -eq 1 ]]; then
    echo "+ $*"
  else
    "$@"
  fi
}

cd "$(git rev-parse --show-toplevel)"

branch="$(git rev-parse --abbrev-ref HEAD)"
if [[ "$branch" != "main" ]]; then
  echo "error: releases are cut from main, you are on '$branch'" >&2
  exit 1
fi

if [[ -n "$(git status --porcelain)" ]]; then
  echo "error: working tree is not clean; commit or stash first" >&2
  git status --short >&2
  exit 1
fi

git fetch --quiet origin main
if [[ "$(git rev-parse HEAD)" != "$(git rev-parse origin/main)" ]]; then
  echo "error: local main differs from origin/main; pull or push first" >&2
  exit 1
fi

if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "error: tag $tag already exists" >&2
  exit 1
fi

if [[ ! -f CHANGELOG.md ]] || ! grep -qE "^## \[?$version\]?" CHANGELOG.md; then
  echo "error: CHANGELOG.md has no '## $version' section" >&2
  exit 1
fi

# Release notes = the changelog section for this version, without its heading.
notes="$(awk -v v="$version" '
  $0 ~ "^## \\[?"v"\\]?" { on = 1; next }
  on && /^## / { exit }
  on { print }
' CHANGELOG.md)"

echo "Releasing $tag from $(git rev-parse --short HEAD)"
echo "----- notes -----"
echo "$notes"
echo "-----------------"

run git tag --sign --annotate "$tag" --message "$tag" --message "$notes"
run git push origin "$tag"

echo "Done. Follow the build at your CI dashboard; the tag is $tag."
