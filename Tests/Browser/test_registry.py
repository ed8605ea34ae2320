"""The registry's console pages in a real browser: the director's roster and a child's file, masked; a director of a
sibling village cannot reach that file by its URL."""
from selenium.webdriver.common.by import By

from console import ConsoleCase


class RosterAndFile(ConsoleCase):
    def open_own_child(self):
        self.sign_in("hutangdong")
        self.driver.find_element(By.LINK_TEXT, "花名册").click()
        self.driver.find_element(By.NAME, "name").send_keys("wzh")
        self.driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        self.driver.find_element(By.LINK_TEXT, "王梓涵").click()
        return self.driver.current_url

    def test_director_finds_a_child_by_pinyin_initials_and_reads_the_masked_file(self):
        self.open_own_child()
        text = self.text()
        self.assertIn("类别与认定依据", text)
        self.assertNotIn("32041220130415001X", text, "the ID number is masked")

    def test_a_sibling_villages_director_cannot_reach_the_file(self):
        url = self.open_own_child()
        path = url[url.index("/registry/"):]
        self.driver.delete_all_cookies()
        self.sign_in("hutangxi")
        self.open(path)
        self.assertIn("页面不存在", self.text())
        self.assertNotIn("王梓涵", self.text())
