"""Driving the pipeline over many documents: batches in input order (`batch`), in-process, in a
process pool or on Dask (`dask_engine`), each document under a time bound (`timebound`)."""
