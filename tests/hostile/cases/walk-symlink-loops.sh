# Without a compile database, links to .. and to / neither make the walk loop nor take it out of SRC.
mkdir -p proj/a proj/b
printf 'int a(void) { return 1; }\n' >proj/a/a.c
printf 'int b(void) { return 2; }\n' >proj/b/b.c
ln -s .. proj/a/up
ln -s ../.. proj/b/up2
ln -s / proj/root
expect 0 'seam: warning: no compile_commands.json*' seam analyze proj -o out -q --no-cache --no-git
python3 -c 'import json, sys; m = json.load(open("out/model.json")); sys.exit([f["path"] for f in m["files"]] != ["a/a.c", "b/b.c"])'
