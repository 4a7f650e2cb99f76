-- Issue 5: words an administrator adds to the platform's segmentation dictionary (brand names,
-- estates, new roads, local terms), besides the catalogue's subjects, the units and word files.
CREATE TABLE text_words (
  platform_id integer NOT NULL REFERENCES platforms (id),
  word text NOT NULL CHECK (length(word) BETWEEN 2 AND 40 AND word !~ '\s'),
  note text,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform_id, word)
);
