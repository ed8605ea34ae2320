"""The registry's console pages in a real browser: the director's roster and a child's file, masked; a director of a
sibling village cannot reach that file by its URL; the director records a red visit of an overdue child and the
township supervisor confirms it; an upload with a broken row shows that row and imports nothing; axe-core finds no
serious or critical violation on the registry's main pages."""
import os
import tempfile

from axe_selenium_python import Axe
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from console import ConsoleCase


class RosterAndFile(ConsoleCase):
    def open_own_child(self):
        self.sign_in("hutangdong")
        self.submit_link("花名册")
        self.driver.find_element(By.NAME, "name").send_keys("wzh")
        self.submit("form.filters button[type=submit]")
        self.submit_link("王梓涵")
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


def left(element):
    """Whether the page of `element` has been replaced (a stale reference, or Chromium's "node does not belong to the
    document" while the next page replaces it)."""
    def predicate(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return predicate


class RedVisitConfirmed(ConsoleCase):
    def test_director_records_a_red_visit_of_an_overdue_child_and_the_supervisor_confirms_it(self):
        self.sign_in("hutangdong")
        self.submit_link("工作清单")
        self.assertIn("逾期未走访", self.text())
        name = self.driver.find_element(By.CSS_SELECTOR, "main table tbody a").text
        self.submit_link(name)
        self.assertIn("逾期", self.text(), "the file says the visit is overdue")
        self.submit_link("记录走访")
        self.assertIn("勾选即定为红色", self.text(), "the findings that force red explained beside them")
        self.driver.find_element(By.NAME, "suspectedViolence").click()
        self.driver.find_element(By.NAME, "problems").send_keys("孩子手臂有淤青, 称被继父打")
        self.submit()
        self.assertIn("等待督导员确认", self.text())
        self.submit_link("返回档案")
        self.assertIn("待督导员确认", self.text(), "the visit waits for the supervisor in the file")

        self.driver.delete_all_cookies()
        self.sign_in("hutang")
        self.submit_link("督导确认")
        item = self.driver.find_element(By.XPATH, f"//article[h3/a[text()='{name}']][.//text()[contains(., '疑似遭受')]]")
        item.find_element(By.NAME, "note").send_keys("已电话核实, 明日入户, 已报派出所")
        old = self.driver.find_element(By.TAG_NAME, "html")
        item.find_element(By.CSS_SELECTOR, "button.primary").click()
        WebDriverWait(self.driver, 10).until(left(old))
        remaining = self.driver.find_elements(By.XPATH, f"//article[h3/a[text()='{name}']][.//text()[contains(., '疑似遭受')]]")
        self.assertEqual(remaining, [], "confirmed, it no longer waits")


class UploadWithABrokenRow(ConsoleCase):
    def test_the_broken_row_is_shown_by_line_and_nothing_is_imported(self):
        header = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始"
        rows = [
            "320412201604040015,周一鸣,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01",
            "320412201604040017,吴二妹,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01",
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as csv:
            csv.write("\r\n".join([header] + rows) + "\r\n")
        try:
            self.sign_in("wujin")
            self.submit_link("批量导入")
            self.driver.find_element(By.NAME, "file").send_keys(csv.name)
            self.submit()
            result = self.text()
            self.assertIn("全部未导入", result)
            cells = [cell.text for cell in self.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr td")]
            self.assertIn("idNumber", cells, result)
            self.assertIn("3", cells, f"the broken row is line 3: {cells}")
            self.submit_link("花名册")
            self.driver.find_element(By.NAME, "name").send_keys("zym")
            self.submit("form.filters button[type=submit]")
            self.assertNotIn("周一鸣", self.text(), "nothing half-written")
        finally:
            os.unlink(csv.name)


class RegistryPagesAccessible(ConsoleCase):
    def assert_accessible(self, path):
        self.open(path)
        axe = Axe(self.driver)
        axe.inject()
        violations = [v for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
        self.assertEqual(violations, [], f"{path}: {axe.report(violations)}")

    def test_the_registry_pages_of_the_county_manager(self):
        self.sign_in("wujin")
        for path in ("/registry/roster", "/registry/worklists", "/registry/confirmations", "/registry/transfers",
                     "/registry/survey-rounds", "/registry/workforce", "/registry/imports"):
            with self.subTest(path=path):
                self.assert_accessible(path)
