"""Runs the console's browser tests (test_*.py beside this file) and closes with 'N passed, N failed'."""
import pathlib
import sys
import unittest

here = pathlib.Path(__file__).parent
suite = unittest.defaultTestLoader.discover(str(here), pattern="test_*.py", top_level_dir=str(here))
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors)
print(f"{result.testsRun - failed - len(result.skipped)} passed, {failed} failed")
sys.exit(1 if failed or result.testsRun == 0 else 0)
