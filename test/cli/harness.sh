# Shared by the cli test scripts (sourced, not run): a scratch folder that is
# removed on exit, and the counters each script's summary line reports.
#   . "$(dirname "${BASH_SOURCE[0]}")/harness.sh" NAME
# gives $work, `fail MESSAGE...` (prints and counts a failure) and `step`
# (counts a check); $total and $failed feed the summary.
work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

total=0
failed=0
fail() {
  failed=$((failed + 1))
  echo "FAIL $*"
}
step() { total=$((total + 1)); }
