"""Synthetic data at national scale and beyond: `smartby seed --scale N`.

At scale 1 the database looks roughly like today's Norway on the platform: the 357 real
municipalities and the two networks (reference data from `smartby loadrefs`, never scaled),
3,000 organisations, 10,000 people with their memberships, 5,000 cases, 2,000 datasets with
one to three distributions each, 300 self-assessments, and the networks' members,
representatives, workgroups, meetings (about 50) and decisions (about 20). Every count but the
reference data's grows with the scale; scale 100 is a hundred times today.

The text is bokmål (mostly) and English, built from the topic vocabularies in
data/seed_vocabulary.txt (nouns in all their inflected forms, goals, problems, solutions,
measured effects), so full-text search, stemming and ranking work on something that reads like
real cases.

Deterministic: every step draws from its own `random.Random` seeded with (seed, step), dates
are fixed around EPOCH (not today), rows are generated in a fixed order and their ids are
counted on from the largest id in the table. The same scale and seed give the same rows; only
the `updated_at` bookkeeping columns differ between runs. `seed_fingerprint()` hashes the
content by natural keys, so two databases can be compared.

Fast: rows are built in memory a chunk at a time and written with `bulk_create` (no `save()`,
no signals, no services), a transaction per chunk, so SQLite's write-ahead log stays small; for
its own connection the load relaxes durability (SQLite `synchronous=OFF`, PostgreSQL
`synchronous_commit=off`), which risks only the load itself. A seed that stops part-way
leaves the chunks written so far (`--flush` starts again from an empty database). The
full-text indexes are rebuilt once at the end with the registered rebuilds (as `smartby
reindex` does); the datasets' metadata quality is computed in memory with the catalogue's own
`quality_compute` before the rows are written (re-reading and updating every dataset after
the load took three times as long).

Everything written is marked as demo content (`is_demo`), so every page that shows it says it
is fictional. Seeded people get an unusable password: nobody can log in as one of them.

The modules, by sub-topic:

- `scale`: the scale a seed accepts and the rows of each kind it asks for;
- `vocabulary`: the words, read from data/seed_vocabulary.txt; `text`: the names, titles,
  summaries, lessons and descriptions made of them;
- `draw`: weighted choices, dates around EPOCH, unique slugs; `references`: the reference
  data the rows link to;
- `writer`: bulk writing with the seed's own ids, the load's connection settings, the
  sequences and search indexes after the load; `seeder`: what one run's steps share;
- a step per domain: `organisations` (and people), `cases`, `catalog`, `assessments`,
  `network`;
- `database`: `seed_database`, the steps in order and the report; `fingerprint`.
"""

from smartby.demo.seed.database import SeedReport, seed_database
from smartby.demo.seed.fingerprint import seed_fingerprint
from smartby.demo.seed.organisations import EMAIL_DOMAIN
from smartby.demo.seed.scale import SeedError, parse_scale, seed_counts
from smartby.demo.seed.vocabulary import TOPICS

__all__ = [
    "EMAIL_DOMAIN",
    "TOPICS",
    "SeedError",
    "SeedReport",
    "parse_scale",
    "seed_counts",
    "seed_database",
    "seed_fingerprint",
]
