"""A headless Chromium (Debian's, through its chromedriver) pointed at the gateway scripts/test-browser started."""
import os
import shutil
import unittest

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("TONGHU_URL", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("TONGHU_PASSWORD", "tonghu-demo-2026")


def gone(element):
    """Whether `element` has left the document: a stale reference, or Chromium's "node does not belong to the
    document", which it answers instead while the next page replaces the old one."""
    def predicate(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return predicate


def browser(language="zh-CN"):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--lang={language}",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


class ConsoleCase(unittest.TestCase):
    """One fresh browser (no cookies) per test."""

    language = "zh-CN"

    def setUp(self):
        self.driver = browser(self.language)
        self.driver.implicitly_wait(5)

    def tearDown(self):
        self.driver.quit()

    def open(self, path):
        self.driver.get(BASE + path)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def sign_in(self, username):
        self.open("/")
        self.driver.find_element(By.NAME, "username").send_keys(username)
        self.driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        self.submit()
        self.assertTrue(self.driver.current_url.endswith("/home"), self.driver.current_url)

    def submit(self, selector="button[type=submit].primary"):
        """Clicks the button and waits for the next page: a click returns before the browser navigates, so reading
        the URL or the page at once may still see the old one (or fail on its stale elements)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, selector).click()
        WebDriverWait(self.driver, 10).until(gone(old))

    def submit_link(self, text):
        """Follows the link `text` and waits for the next page."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.LINK_TEXT, text).click()
        WebDriverWait(self.driver, 10).until(gone(old))
