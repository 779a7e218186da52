#!/bin/sh
# realcorpus.sh DIR [WORKDIR] - phxc import measured on a folder of
# CloudFormation templates that are not ours (published samples; they are
# kept outside the tree and never committed, so this is not part of make
# check). For every *.json, *.yaml, *.yml and *.template under DIR:
#   1. phxc import T -o X.phx (10 s at most);
#   2. phxc build X.phx (JSON);
#   3. the rebuilt template and T, each through tests/import/normalize.py,
#      must be equal;
#   4. when T passes cfn-lint with no error, the rebuilt template must too.
# It prints one line per template, its outcome class first:
#   equal      imported, rebuilt, equal to T after normalisation
#   differs    imported and rebuilt, but not equal (first differing line)
#   refused    phxc import exit 1 (its first error message)
#   nobuild    imported, but phxc build of the program fails
#   crash      a signal, a sanitizer report, an exit status other than 0/1/2
#   hang       10 s passed
#   unread     exit 2 (not a template phxc can read)
# a "+lint" suffix says that the rebuilt template has cfn-lint errors while T
# had none. Then a count per class. Files that are not templates (no
# Resources key at the top) are skipped. Environment: PHXC (default
# ./phxc), CFN_LINT, PYTHON3, REAL_LINT=0 to skip cfn-lint, REAL_KEEP=1 to
# keep WORKDIR.
set -u
dir=${1:?usage: realcorpus.sh DIR [WORKDIR]}
here=$(cd "$(dirname "$0")" && pwd)
: "${PHXC:=./phxc}"
: "${CFN_LINT:=cfn-lint}"
: "${PYTHON3:=python3}"
: "${REAL_LINT:=1}"
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/realcorpus.XXXXXX")}
mkdir -p "$work"
[ -n "${2:-}" ] || [ "${REAL_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
counts="$work/counts"
: > "$counts"

# is_template FILE: FILE has a top-level Resources section.
is_template() {
	case $1 in
	*.json) "$PYTHON3" -c 'import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception:
    sys.exit(0)
sys.exit(0 if isinstance(d, dict) and "Resources" in d else 1)' "$1" ;;
	*) grep -q '^Resources:' "$1" || grep -q '^"Resources"' "$1" ;;
	esac
}

# lints_clean FILE: cfn-lint reports no error (warnings are fine).
lints_clean() {
	rc=0
	"$CFN_LINT" --format parseable -- "$1" > "$work/lint.out" 2>&1 || rc=$?
	[ $((rc & 2)) = 0 ] && [ $((rc & 1)) = 0 ]
}

find "$dir" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) | LC_ALL=C sort > "$work/list"
n=0
while IFS= read -r t; do
	is_template "$t" || continue
	n=$((n + 1))
	rel=${t#"$dir"/}
	base=$(basename "$t")
	base=${base%.*}
	base=$(printf '%s' "$base" | tr -c 'a-zA-Z0-9_\n' '_')
	case $base in [a-zA-Z]*) ;; *) base=t$base ;; esac
	x="$work/$n/$base"
	mkdir -p "$work/$n"
	case $t in
	*.template) cp "$t" "$x.src.yaml"; src=$x.src.yaml
		head -c 200 "$t" | grep -q '^[[:space:]]*{' && { cp "$t" "$x.src.json"; src=$x.src.json; } ;;
	*) src=$t ;;
	esac
	rc=0
	timeout 10 $PHXC import --color=never "$src" -o "$x.phx" > "$x.out" 2> "$x.err" || rc=$?
	class=""
	msg=""
	if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$x.err"; then
		class=crash
		msg=$(grep -m 1 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$x.err")
	elif [ "$rc" = 124 ]; then
		class=hang
	elif [ "$rc" = 1 ]; then
		class=refused
		msg=$(grep -m 1 'error:' "$x.err" | sed 's/^[^:]*:\([0-9]*:[0-9]*:\)/\1/')
	elif [ "$rc" = 2 ]; then
		class=unread
		msg=$(head -n 1 "$x.err")
	elif [ "$rc" != 0 ]; then
		class=crash
		msg="exit status $rc"
	fi
	if [ -z "$class" ]; then
		rc=0
		timeout 10 $PHXC build "$x.phx" -o - > "$x.re.json" 2> "$x.berr" || rc=$?
		if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$x.berr"; then
			class=crash
			msg="build: $(grep -m 1 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$x.berr")"
		elif [ "$rc" = 124 ]; then
			class=hang
			msg=build
		elif [ "$rc" != 0 ]; then
			class=nobuild
			msg=$(grep -m 1 'error' "$x.berr" | sed 's/^[^:]*:\([0-9]*:[0-9]*:\)/\1/')
		fi
	fi
	if [ -z "$class" ]; then
		if ! "$PYTHON3" "$here/normalize.py" "$src" > "$x.n1" 2> "$x.nerr"; then
			class=differs
			msg="normalize.py cannot read the original: $(tail -n 1 "$x.nerr")"
		elif ! "$PYTHON3" "$here/normalize.py" "$x.re.json" > "$x.n2" 2> "$x.nerr"; then
			class=differs
			msg="normalize.py cannot read the rebuilt template: $(tail -n 1 "$x.nerr")"
		elif cmp -s "$x.n1" "$x.n2"; then
			class=equal
		else
			class=differs
			msg=$(diff "$x.n1" "$x.n2" | grep -m 1 '^[<>]')
		fi
		if [ "$REAL_LINT" = 1 ] && lints_clean "$src" && ! lints_clean "$x.re.json"; then
			class=$class+lint
			msg="$msg $(grep -m 1 ':E[0-9]' "$work/lint.out")"
		fi
	fi
	echo "$class" >> "$counts"
	printf '%-13s %s%s\n' "$class" "$rel" "${msg:+: $msg}"
done < "$work/list"

echo "--- $n templates in $dir"
sort "$counts" | uniq -c | sort -rn
