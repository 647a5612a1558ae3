# merge /dev/zero: the shard input is refused.
expect 1 "seam: cannot read shard file '/dev/zero': it is a character device, not a regular file" seam merge /dev/zero -o code.json
