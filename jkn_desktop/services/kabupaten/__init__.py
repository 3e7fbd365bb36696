"""The kabupaten's consolidation database (issue #17, item 2; decision 49): the kecamatan's schema
and services over every village of a kabupaten, grouped by kecamatan, fed by the villages'
packages and by the kecamatan's forwarded batches."""
