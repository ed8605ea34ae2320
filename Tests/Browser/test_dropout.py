"""Dropout control's pages (控辍保学) in a real browser: the education officer runs a comparison, opens a case from the
suspected-dropout ledger, verifies it and records a persuasion attempt; a school of another township cannot reach it; an
enrolment file with a broken row shows that row."""
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from console import ConsoleCase


class EducationOfficer(ConsoleCase):
    def follow(self, by, selector):
        """Clicks the element and waits for the next page (a click does not wait for the navigation it starts)."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(by, selector).click()
        WebDriverWait(self.driver, 10).until(expected_conditions.staleness_of(page))

    def open_a_case(self):
        self.sign_in("jiaoyu")
        self.assertIn("控辍保学", self.text(), "the officer's home panel")
        self.follow(By.LINK_TEXT, "四查三比对")
        self.follow(By.CSS_SELECTOR, "main button[type=submit].primary")
        self.assertIn("/dropout-control/ledgers?", self.driver.current_url)
        self.assertIsNotNone(self.driver.find_element(By.CSS_SELECTOR, "main svg"), "the ledgers as a chart")
        self.follow(By.PARTIAL_LINK_TEXT, "疑似辍学")
        self.follow(By.CSS_SELECTOR, "main table tbody a")
        self.assertIn("/dropout-control/cases/", self.driver.current_url)
        self.assertLess(len(self.driver.page_source.encode()), 100_000)
        return self.driver.current_url

    def test_runs_a_comparison_opens_a_case_and_records_a_persuasion_attempt(self):
        self.open_a_case()
        if self.driver.find_elements(By.NAME, "verifiedOn"):
            self.driver.find_element(By.NAME, "note").send_keys("连续两周未到校")
            self.follow(By.CSS_SELECTOR, "form[action$='/verify'] button.primary")
        self.driver.find_element(By.NAME, "by").send_keys("班主任 陈老师")
        Select(self.driver.find_element(By.NAME, "outcome")).select_by_value("promised")
        self.driver.find_element(By.NAME, "note").send_keys("家长答应周一送回")
        self.follow(By.XPATH, "//button[text()='登记劝返']")
        self.assertIn("班主任 陈老师", self.text())
        self.assertIn("家长答应周一送回", self.text())

    def test_a_school_of_another_township_gets_the_404_page(self):
        case = self.open_a_case()
        district = self.driver.find_element(By.XPATH, "//dt[text()='负责区划']/following-sibling::dd[1]").text
        school = "xuexiao" if not district.startswith("320412106") else "xuexiao2"
        self.driver.delete_all_cookies()
        self.sign_in(school)
        self.driver.get(case)
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "页面不存在")

    def test_an_enrolment_file_with_a_broken_row_shows_that_row(self):
        rows = ["身份证号,姓名,学校,学校区划,年级,学籍状态",
                "320412201505050015,张三明,湖塘中心小学,320412100000,五年级,在读",
                "320412201505050016,李四,湖塘中心小学,320412100000,五年级,在读",
                "320412201406060023,李思雨,湖塘中心小学,320412100000,六年级,在读"]
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as file:
            file.write("\r\n".join(rows) + "\r\n")
        try:
            self.sign_in("jiaoyu")
            self.follow(By.LINK_TEXT, "学籍库快照预检")
            self.driver.find_element(By.NAME, "file").send_keys(file.name)
            self.follow(By.CSS_SELECTOR, "main button[type=submit].primary")
            self.assertIn("正确 2 行, 出错 1 行", self.text())
            refused = self.driver.find_element(By.CSS_SELECTOR, "#refused-rows tbody tr").text
            self.assertTrue(refused.startswith("3 idNumber"), refused)
        finally:
            os.unlink(file.name)
