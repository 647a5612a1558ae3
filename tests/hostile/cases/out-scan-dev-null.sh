# scan -o /dev/null: the facts go to the device, and no cache file appears beside it (in /dev).
tiny_project proj
expect 0 '' seam scan proj -o /dev/null -q
test ! -e /dev/seam-cache.sqlite
test -c /dev/null
grep -q 'wrote /dev/null' stdout
