import Admin
import Catalogue

/// `tonghu`: the administration CLI — the core's commands and one group per compiled-in programme.
@main
enum AdminMain {
    static func main() async {
        await TonghuCommand<Catalogue>.main()
    }
}
