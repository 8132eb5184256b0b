#!/usr/bin/env bash
# Builds the fuzz corpus directories from the examples, the hand-written seeds (fuzz/seeds/),
# the YAML fixtures embedded in tests/*.rs and the README's Scenario block. Idempotent.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/.."
mkdir -p "$HERE/corpus/pipeline"
cp "$ROOT"/examples/*.yaml "$HERE"/seeds/* "$HERE/corpus/pipeline/"
python3 "$HERE/extract_fixtures.py" "$HERE/corpus/pipeline"
# The README's Scenario document (a fenced yaml block).
awk '/^```yaml$/{on=1; next} /^```$/{on=0} on' "$ROOT/README.md" > "$HERE/corpus/pipeline/readme-scenario.yaml"
if [ -d "$HERE/seeds-share" ]; then
  mkdir -p "$HERE/corpus/share"
  cp "$HERE"/seeds-share/* "$HERE/corpus/share/"
fi
echo "corpus: $(ls "$HERE/corpus/pipeline" | wc -l) pipeline seeds"
