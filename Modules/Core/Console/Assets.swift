/// The console's one stylesheet and one script, served by the gateway (no CDN, no web font: 政务外网 has no
/// internet) under a versioned path with a year's cache, so a phone on a weak signal fetches each once per release.
enum Assets {
    /// Bumped with any change to either file, so cached copies are never stale.
    static let version = "2"
    static let stylesheetPath = "/static/console-\(version).css"
    static let scriptPath = "/static/console-\(version).js"

    static let stylesheet = """
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1b1f24;background:#f5f6f8}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;background:#8a1c1c;color:#fff}
        header a,header button{color:#fff}
        header .brand{font-weight:700;text-decoration:none;margin-right:auto}
        header form{display:inline;margin:0}
        header button{background:none;border:1px solid #fff;border-radius:4px;padding:.2rem .6rem;font:inherit;cursor:pointer}
        nav{background:#fff;border-bottom:1px solid #d0d4da;padding:.25rem 1rem}
        nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
        nav .group{font-weight:600;color:#57606a}
        nav a{display:inline-block;padding:.4rem 0}
        nav a[aria-current=page]{font-weight:700;text-decoration:none;border-bottom:3px solid #8a1c1c}
        main{max-width:72rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem;margin:.5rem 0 1rem}
        h2{font-size:1.15rem;margin:1rem 0 .5rem}
        a{color:#0b57a4}
        .panel{background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:1rem;margin:0 0 1rem}
        .field{margin:0 0 .9rem}
        .field label{display:block;font-weight:600;margin-bottom:.2rem}
        input,select,button{font:inherit}
        input[type=text],input[type=password],input[type=search],input[type=date],input[type=number],select{width:100%;max-width:24rem;min-height:2.75rem;padding:.4rem .6rem;border:1px solid #8c959f;border-radius:4px;background:#fff}
        .invalid input{border-color:#b42318;outline:2px solid #fda29b}
        .error{display:block;color:#b42318;margin-top:.2rem}
        .banner{padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem;background:#fef3f2;border:1px solid #fda29b;color:#7a271a}
        .primary{min-height:2.75rem;padding:.4rem 1.2rem;border:0;border-radius:4px;background:#8a1c1c;color:#fff;cursor:pointer}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border-bottom:1px solid #d0d4da;padding:.4rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef0f3}
        .scroll{overflow-x:auto}
        .muted{color:#57606a}
        .tree ul{margin:.25rem 0 .25rem 1.25rem;padding:0}
        .filters{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
        .filters .field{flex:1 1 12rem}
        footer{max-width:72rem;margin:2rem auto;padding:0 1rem;color:#57606a;font-size:.85rem}
        @media (max-width:40rem){body{font-size:17px}main{padding:.75rem}th,td{padding:.35rem}}
        """

    /// Progressive enhancement only: every page works without it. A submitted form's button is disabled so that a
    /// slow connection does not send it twice; a form marked `data-draft` keeps its draft (``draftScript``).
    static let script = draftScript + "\n" + submitOnce

    static let submitOnce = """
        document.addEventListener("submit", function (event) {
          var form = event.target;
          if (form.dataset.sent) { event.preventDefault(); return; }
          form.dataset.sent = "1";
          var buttons = form.querySelectorAll("button[type=submit]");
          for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
        });
        """
}
