# tests/busybox/shell.sh - the shell language of busybox sh: echo, printf,
# test, arithmetic, variables and parameter expansion, quoting, pipelines,
# redirections, here-documents, subshells, $(...), loops, case, functions,
# exit statuses, traps, date. Run in an empty scratch directory; prints one
# line per check.
echo "1 echo: hello world"
printf '2 printf: %s=%d %05.1f %x %c|%-4s|\n' answer 42 3.14159 255 xyz ab
echo "3 quoting: '\$HOME' \"inner\" \\ end"
x=5; y=7
echo "4 arithmetic: $((x + y)) $((x * y)) $((y / 2)) $((y % 4)) $((1 << 10)) $(( (x > 3) && (y < 7) ))"
i=0; i=$((i + 1)); : $((i += 10)); echo "5 assignment arithmetic: $i"
[ 3 -lt 10 ] && [ "abc" = abc ] && [ -n "x" ] && [ -z "" ] && echo "6 test: true"
if test 5 -gt 6 || [ "a" != "a" ]; then echo "7 test: wrong"; else echo "7 test: false branch"; fi
s="hello.tar.gz"
echo "8 expansion: ${s%.gz} ${s%%.*} ${s#*.} ${#s} ${unset:-default} ${s:+set}"
set -- one "two words" three
echo "9 positional: $# $2 $*"
for a in "$@"; do printf '[%s]' "$a"; done; echo " 10 quoted \$@"
echo "11 pipeline: $(printf 'c\nb\na\n' | sort | tr '\n' ' ')"
echo "12 command substitution: $(echo $(echo nested))"
v=$(exit 3); echo "13 status of substitution: $?"
(exit 4); echo "14 subshell status: $?"
z=outer; (z=inner; echo "15 subshell sees: $z"); echo "16 parent keeps: $z"
echo first > out.txt; echo second >> out.txt; echo "17 redirections: $(cat out.txt | tr '\n' ' ')"
ls missing-file 2>/dev/null || echo "18 stderr to /dev/null, status $?"
{ echo to-stderr >&2; } 2>&1 | sed 's/^/19 fd duplication: /'
exec 3>fd3.txt; echo via-fd3 >&3; exec 3>&-; echo "20 exec fd: $(cat fd3.txt)"
cat <<EOT
21 here-doc: x=$x
EOT
cat <<'EOT'
22 quoted here-doc: $x stays
EOT
echo "23 here-doc in a pipe: $(cat <<EOT | tr a-z A-Z
upper
EOT
)"
n=0; while [ $n -lt 5 ]; do n=$((n + 1)); done; echo "24 while: $n"
n=0; until [ $n -ge 3 ]; do n=$((n + 1)); done; echo "25 until: $n"
out=""; for w in a b c; do out="$out$w"; done; echo "26 for: $out"
for w in 1 2 3 4 5; do [ $w = 2 ] && continue; [ $w = 4 ] && break; printf '%s ' $w; done; echo "27 break/continue"
for f in apple.c notes.txt Makefile; do
	case $f in
	*.c) printf 'C ' ;;
	*.txt|*.md) printf 'TEXT ' ;;
	*) printf 'OTHER ' ;;
	esac
done; echo "28 case"
add() { echo $(($1 + $2)); }
echo "29 function: $(add 20 22)"
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(($1 * $(fact $(($1 - 1))))); fi; }
echo "30 recursion: $(fact 10)"
ret() { return $1; }; ret 9; echo "31 return status: $?"
scope() { local v=local; echo $v; }; v=global; scope >/dev/null; echo "32 local: $v"
true && echo "33 and-list" || echo wrong
false || echo "34 or-list"
! false && echo "35 negation"
echo "36 \$? after false: $(false; echo $?)"
set -e; (set +e; false; echo "37 set -e in subshell off"); set +e
echo "38 IFS: $(s=a:b:c; IFS=:; set -- $s; echo $# $2)"
read -r l1 l2 <<EOT
alpha beta
EOT
echo "39 read: $l2 $l1"
printf 'x\ny\nz\n' | while read -r line; do printf '%s.' "$line"; done; echo " 40 read loop"
echo "41 eval: $(eval 'e=evaluated; echo $e')"
echo "42 nested quotes: $(echo "a \"b\" $(echo 'c d')")"
type cd | sed 's/ is .*//; s/^/43 type: /'
echo "44 getopts: $(set -- -a -b val file; while getopts ab: o; do printf '%s%s ' $o "$OPTARG"; done)"
echo "45 shift: $(set -- 1 2 3 4; shift 2; echo $@)"
echo "46 printf %b: $(printf '%b' 'tab\there')"
echo "47 long line: $(printf '%0500d' 0 | wc -c)"
echo "48 date: $(date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %a') $( [ $(date +%s) -gt 1577836800 ] && echo after-2020)"
echo "49 trap on EXIT in a subshell: $( (trap 'echo bye' EXIT; echo hi) | tr '\n' ' ')"
echo "50 done"
