# Makes wordnet-gloss-pairs.tsv from Debian's wordnet-base (WordNet 3.0): see README.md in this folder.
# Usage: python3 wordnet-gloss-pairs.py /usr/share/wordnet/data.noun > wordnet-gloss-pairs.tsv
import random
import re
import sys

pairs = {}
glosses = set()
with open(sys.argv[1], encoding="latin-1") as data:
    for line in data:
        if line.startswith("  "):  # the licence header
            continue
        fields, _, gloss = line.partition(" | ")
        parts = fields.split()
        word = parts[4]  # the synset's first lemma
        definition = gloss.split("; \"")[0].strip().rstrip(";").strip()
        # One plain lower-case word per synset, a gloss that does not name it, each word and gloss once.
        if not re.fullmatch(r"[a-z]{4,}", word) or word in pairs or definition in glosses:
            continue
        if not re.fullmatch(r"[a-z ,()'-]{15,120}", definition) or word in definition:
            continue
        pairs[word] = definition
        glosses.add(definition)

chosen = random.Random(13).sample(sorted(pairs), 200)
print("source\ttarget")
for word in chosen:
    print(f"{word}\t{pairs[word]}")
