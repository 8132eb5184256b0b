#!/usr/bin/env python3
"""Writes the YAML fixtures embedded in tests/*.rs (string literals holding a manifest) into
the pipeline corpus: each becomes one seed file. Used by seed.sh."""
import glob, hashlib, os, re, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0
here = os.path.dirname(os.path.abspath(__file__))
for f in sorted(glob.glob(os.path.join(here, '..', 'tests', '*.rs'))):
    src = open(f, encoding='utf-8').read()
    for m in re.finditer(r'r#"(.*?)"#|"((?:[^"\\]|\\.)*)"', src, re.S):
        t = m.group(1) if m.group(1) is not None else m.group(2)
        if 'apiVersion' not in t or 'kind' not in t:
            continue
        if m.group(2) is not None:
            t = t.replace('\\n', '\n').replace('\\"', '"').replace('\\\\', '\\')
        name = 'fixture-' + hashlib.sha1(t.encode()).hexdigest()[:12] + '.yaml'
        with open(os.path.join(out, name), 'w', encoding='utf-8') as w:
            w.write(t)
        n += 1
print(f'{n} fixtures from tests/')
