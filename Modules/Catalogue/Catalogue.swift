import Contract
import DropoutControl
import HealthScreening
import Registry

/// 业务模块目录 — the one place that lists every compiled-in programme. The gateway and the CLI take their
/// programmes from here; a deployment enables a subset with `TONGHU_PROGRAMMES`.
public enum Catalogue: ProgrammeCatalogue {
    public static let programmes: [any Programme.Type] = [
        RegistryProgramme.self,
        DropoutControlProgramme.self,
        HealthScreeningProgramme.self
        // programmes: one per line, added by `swift package scaffold-programme`
    ]
}
