#!/usr/bin/env bash
# Every Markdown document the repository refers to exists in it.
#
#   check-doc-links.sh SOURCE_DIR
#
# Scans every tracked text file (git ls-files; every file under SOURCE_DIR
# outside build directories when it is not a git checkout) for paths ending
# in .md: Markdown links (`[text](docs/x.md#part)`), paths in comments and
# prose (`docs/reference/cli.md`) and bare names (`cli.md`). Each must name a
# file relative to the referring file's folder or to SOURCE_DIR; URLs are
# skipped. References to a folder outside the repository (the spec folder
# of the project's early days, `/shared/`) fail too. Prints FILE:LINE: the
# reference, for each one that does not resolve, and exits 1 if there is any.
# This script itself, whose comments show examples, is not scanned.
set -u
root=${1:?usage: check-doc-links.sh SOURCE_DIR}
cd "$root" || exit 2

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  all_files() { git ls-files -z; }
else
  all_files() { find . -path './build*' -prune -o -path './.git' -prune -o -type f -print0 |
    sed -z 's|^\./||'; }
fi
list_files() { all_files | grep -zv '^test/cli/check-doc-links\.sh$'; }

bad=0
# FILE:LINE:TOKEN for every path-like token ending in .md (with a URL scheme
# kept, so that URLs can be told apart).
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  token=${rest#*:}
  case $token in
  *://*) continue ;;
  esac
  path=${token#./}
  dir=$(dirname "$file")
  if [[ $path == /* ]]; then
    [[ -e ".$path" ]] && continue
  elif [[ -e "$dir/$path" || -e "$path" ]]; then
    continue
  fi
  echo "$file:$line: '$token' names no file in the repository"
  bad=1
done < <(list_files | xargs -0 grep -snoIE '([a-z]+://)?[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b' --)

# The old outside folders.
outside='/shared/'
while IFS= read -r hit; do
  echo "$hit: refers to a folder outside the repository"
  bad=1
done < <(list_files | xargs -0 grep -snIF -- "$outside")

if ((bad)); then
  echo "check-doc-links: dangling references (point them at docs/ in the repository)" >&2
  exit 1
fi
echo "check-doc-links: every .md reference resolves"
