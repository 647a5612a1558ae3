# --max-input-size with a value that is not a size: a usage error.
expect 2 "seam: --max-input-size: '12X' is not a size" seam merge --max-input-size 12X a.json
