"""The console's own flows in a real browser: sign in, the navigation, users and grants, CSRF, the 404 page, the English
switch."""
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from console import ConsoleCase


class SignInAndNavigation(ConsoleCase):
    def test_auditor_signs_in_and_sees_only_what_the_role_allows(self):
        self.sign_in("auditor")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "首页")
        navigation = self.driver.find_element(By.TAG_NAME, "nav").text
        self.assertIn("审计日志", navigation)
        self.assertNotIn("用户与授权", navigation)
        self.submit_link("审计日志")
        self.assertIn("login", self.text(), "the audit log shows the sign-in just made")

    def test_administrator_sees_users_and_signs_out(self):
        self.sign_in("admin")
        self.submit_link("用户与授权")
        self.assertIn("hutangdong", self.text())
        self.submit("header form button")
        self.assertTrue(self.driver.current_url.endswith("/"), self.driver.current_url)
        self.open("/users")
        self.assertIsNotNone(self.driver.find_element(By.NAME, "password"), "signed out: back at the sign-in form")

    def test_wrong_password_is_shown_beside_the_field(self):
        self.open("/")
        self.driver.find_element(By.NAME, "username").send_keys("auditor")
        self.driver.find_element(By.NAME, "password").send_keys("not-the-password")
        self.submit()
        self.assertIn("用户名或密码错误", self.driver.find_element(By.CSS_SELECTOR, ".field.invalid .error").text)


class UserAdministration(ConsoleCase):
    def test_administrator_creates_a_user_and_grants_a_role(self):
        name = f"browser-{int(time.time() * 1000) % 10_000_000}"
        password = "kelp-forest-otter-2026"
        self.sign_in("admin")
        self.submit_link("用户与授权")
        self.submit_link("新增用户")
        self.driver.find_element(By.NAME, "username").send_keys(name)
        self.driver.find_element(By.NAME, "displayName").send_keys("浏览器测试员")
        self.driver.find_element(By.NAME, "password").send_keys(password)
        Select(self.driver.find_element(By.NAME, "role")).select_by_value("core.auditor")
        self.driver.find_element(By.NAME, "district").send_keys("320412100000")
        self.submit()
        self.assertTrue(self.driver.current_url.endswith("/users/" + name), self.driver.current_url)
        self.assertIn("审计员 · 湖塘镇", self.text())
        grant = self.driver.find_element(By.CSS_SELECTOR, "form[action$='/grants']")
        Select(grant.find_element(By.NAME, "role")).select_by_value("core.registrar")
        grant.find_element(By.NAME, "district").send_keys("320412100201")
        self.submit("form[action$='/grants'] button.primary")
        self.assertRegex(self.text(), r"儿童信息登记员 · \S+ 320412100201")

        self.driver.delete_all_cookies()
        self.open("/")
        self.driver.find_element(By.NAME, "username").send_keys(name)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.submit()
        self.assertTrue(self.driver.current_url.endswith("/home"), self.driver.current_url)
        self.assertIn("儿童信息登记员", self.text(), "the new user's roles on their home page")

    def test_a_weak_password_is_shown_beside_the_field(self):
        self.sign_in("admin")
        self.open("/users/new")
        self.driver.find_element(By.NAME, "username").send_keys("browser-weak")
        self.driver.find_element(By.NAME, "displayName").send_keys("弱密码")
        self.driver.find_element(By.NAME, "password").send_keys("short")
        self.driver.find_element(By.NAME, "district").send_keys("320412100000")
        self.submit()
        self.assertTrue(self.driver.find_element(By.ID, "field-password-error").text)


class Refusals(ConsoleCase):
    def test_a_form_without_its_csrf_token_is_refused(self):
        self.sign_in("auditor")
        self.driver.execute_script("document.querySelector('header form input[name=_csrf]').remove()")
        self.submit("header form button")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "表单已失效")
        self.open("/home")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "首页", "the refused sign-out did nothing")

    def test_an_unknown_path_is_the_chinese_404_page(self):
        self.open("/registry/no-such-page")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "页面不存在")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "zh-CN")

    def test_a_district_outside_the_scope_is_the_404_page(self):
        self.sign_in("auditor")
        self.open("/districts?code=320400000000")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "页面不存在")


class Language(ConsoleCase):
    def test_the_english_switch(self):
        self.open("/")
        self.submit_link("English")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Sign in")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        self.submit_link("中文")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "登录")


class EnglishBrowser(ConsoleCase):
    language = "en-US"

    def test_accept_language_english(self):
        self.open("/")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Sign in")


if __name__ == "__main__":
    unittest.main()
