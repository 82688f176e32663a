# tests/e2e/tools-lib.sh -- helpers of the timemory-run tests, sourced
# after tests/lib.sh.

# row_count FILE LABEL: COUNT of the first table row labelled LABEL at any
# depth (the "|_" tree mark inside the label column is not a separator;
# lib.sh's table_count splits on it and so sees only depth-0 rows).
row_count () {
  awk -v lab="$2" '
    index($0, "| >>> ") == 1 {
      line = $0
      sub(/^\| >>> */, "", line); sub(/^\|_/, "", line)
      end = index(line, " | ")
      label = substr(line, 1, end - 1); sub(/ +$/, "", label)
      split(substr(line, end + 3), cols, "|")
      count = cols[1]; gsub(/ /, "", count)
      if (label == lab) { print count; exit }
    }' "$1"
}
