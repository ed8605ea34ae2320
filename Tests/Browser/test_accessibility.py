"""Accessibility (无障碍): axe-core (bundled by the PyPI package axe-selenium-python) finds no serious or critical
violation on the console's main pages: sign-in, home, district tree, audit log."""
import unittest

from axe_selenium_python import Axe

from console import ConsoleCase


class Accessibility(ConsoleCase):
    def assert_accessible(self, path):
        self.open(path)
        axe = Axe(self.driver)
        axe.inject()
        violations = [v for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
        self.assertEqual(violations, [], f"{path}: {axe.report(violations)}")

    def test_sign_in_page(self):
        self.assert_accessible("/")

    def test_pages_of_a_signed_in_auditor(self):
        self.sign_in("auditor")
        for path in ("/home", "/districts", "/audit"):
            with self.subTest(path=path):
                self.assert_accessible(path)


if __name__ == "__main__":
    unittest.main()
