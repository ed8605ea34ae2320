"""The visit form on a weak connection (issue 13): the draft is kept in the browser as it is typed and is back after a
reload; a visit submitted while offline stays on the page as a pending draft and is sent when the connection returns;
sent again with its idempotency key, it is still recorded once."""
import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from console import BASE, PASSWORD, ConsoleCase


def api(method, path, token=None, body=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(BASE + path, data=data, headers=headers, method=method)) as answer:
        return json.load(answer)


class OfflineDraft(ConsoleCase):
    def network(self, offline):
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})

    def visits(self, child):
        token = api("POST", "/api/v1/auth/login", body={"username": "hutangdong", "password": PASSWORD})["token"]
        # The file's ten most recent visits, by id: a visit of today is among them.
        return {visit["id"] for visit in api("GET", f"/api/v1/registry/children/{child}", token)["recentVisits"]}

    def draft(self, child):
        return self.driver.execute_script(f"return JSON.parse(localStorage.getItem('tonghu-draft:visit-{child}'))")

    def test_a_visit_submitted_offline_is_kept_and_sent_once_when_back_online(self):
        self.sign_in("hutangdong")
        self.submit_link("花名册")
        self.driver.find_element(By.NAME, "name").send_keys("wzh")
        self.submit("form.filters button[type=submit]")
        self.submit_link("王梓涵")
        path = self.driver.current_url[self.driver.current_url.index("/registry/"):]
        child = path.rstrip("/").split("/")[-1]
        before = self.visits(child)
        self.open(path + "/visits/new")

        # Typed, then the page reloaded: the draft is back (the CSRF token is never part of it).
        self.driver.find_element(By.NAME, "problems").send_keys("离线草稿: 作业无人辅导")
        self.driver.find_element(By.NAME, "actions").send_keys("联系学校老师")
        key = self.driver.find_element(By.NAME, "_idempotency").get_attribute("value")
        self.driver.refresh()
        self.assertEqual(self.driver.find_element(By.NAME, "problems").get_attribute("value"), "离线草稿: 作业无人辅导")
        self.assertIn("已恢复本机保存的草稿", self.text())
        self.assertEqual(self.driver.find_element(By.NAME, "_idempotency").get_attribute("value"), key)
        self.assertNotIn("_csrf", self.draft(child)["fields"])

        # Offline: the submit keeps the draft, pending, and says so; nothing reaches the server.
        self.network(offline=True)
        sent = self.driver.execute_script(
            "return new URLSearchParams(new FormData(document.querySelector('[data-draft] form'))).toString()")
        self.driver.find_element(By.CSS_SELECTOR, "[data-draft] button[type=submit]").click()
        WebDriverWait(self.driver, 5).until(lambda d: "联网后自动提交" in self.text())
        self.assertTrue(self.draft(child)["pending"])
        self.assertEqual(self.visits(child), before, "nothing reached the server")

        # Back online: the `online` event sends it; the answer replaces the page and the draft is gone.
        self.network(offline=False)
        WebDriverWait(self.driver, 10).until(lambda d: "走访已记录" in self.text())
        self.assertIsNone(self.draft(child))
        self.assertEqual(len(self.visits(child) - before), 1)

        # The same form sent again (an answer lost on the way back): replayed, not recorded twice.
        replayed = self.driver.execute_script("""
            return fetch(arguments[1], {method: "POST", body: new URLSearchParams(arguments[0]), credentials: "same-origin",
                                        headers: {"Accept": "text/html"}})
                .then(function (r) { return r.headers.get("Idempotent-Replayed"); });
        """, sent, path + "/visits/new")
        self.assertEqual(replayed, "true")
        self.assertEqual(len(self.visits(child) - before), 1)
