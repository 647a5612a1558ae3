# A compile database whose every entry is skipped (all files missing) fails with one line, not exit 0.
mkdir proj
printf '[{"directory": "%s", "file": "gone1.c", "arguments": ["cc", "-c", "gone1.c"]}, {"directory": "%s", "file": "gone2.c", "arguments": ["cc", "-c", "gone2.c"]}]\n' "$PWD/proj" "$PWD/proj" >proj/compile_commands.json
expect 1 "seam: *gone1.c*" seam analyze proj -o out -q --no-cache --no-git
