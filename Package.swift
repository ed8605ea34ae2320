// swift-tools-version:6.1
// Tonghu (童护): one PostgreSQL core, one HTTP gateway and one admin CLI shared by every
// child-welfare programme. Targets are declared by section: core, catalogue, apps, tooling, tests.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

// MARK: - Core: small targets with one concern each

func core(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies, path: "Modules/Core/\(name)", swiftSettings: swiftSettings)
}

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let nio = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let coreTargets: [Target] = [
    core("EmbeddedPostgres", [log]),
    // zlib (Debian zlib1g-dev) for the deflate inside xlsx files.
    .systemLibrary(name: "CZlib", path: "Modules/Core/CZlib", providers: [.apt(["zlib1g-dev"])]),
    core("CSVFiles", ["CZlib"]),
    core("Vocabulary"),
    core("Pinyin"),
    core(
        "Database",
        [
            "Vocabulary", nio, log, lifecycle, crypto, .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "_ConnectionPoolModule", package: "postgres-nio"), .product(name: "CoreMetrics", package: "swift-metrics")
        ]),
    core("Districts", ["Database", "Vocabulary"]),
    core("Children", ["Database", "Districts", "Vocabulary", crypto]),
    core(
        "Access",
        [
            "Database", "Districts", "Vocabulary", "Children", "Policy", crypto,
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")
        ]),
    core("Audit", ["Database", lifecycle]),
    core("Events", ["Database", "Districts", lifecycle]),
    core("Policy", ["Database", "Districts"]),
    core("Schedules", ["Database", "Districts", "Policy", "Vocabulary"]),
    // 工作日历: the State Council's holiday notices (Notices/*.csv) are compiled in as bytes.
    .target(
        name: "WorkCalendar", dependencies: ["CSVFiles", "Database", "Districts", "Vocabulary", nio, log],
        path: "Modules/Core/WorkCalendar", resources: [.embedInCode("Notices")], swiftSettings: swiftSettings),
    core("Notifications", ["Database", "Districts", "Events", "Policy", "Vocabulary", "WorkCalendar", crypto, lifecycle, log]),
    core("HTTPKit", [hummingbird, "Access", "Database", "Vocabulary", .product(name: "HTTPTypes", package: "swift-http-types")]),
    core(
        "Contract",
        [
            "Database", "Districts", "Children", "Access", "Audit", "Events", "Policy", "HTTPKit", "CSVFiles", "Notifications",
            "Schedules", "WorkCalendar", argumentParser, lifecycle, .product(name: "CoreMetrics", package: "swift-metrics")
        ]),
    core("Boot", ["Contract", "EmbeddedPostgres", crypto, .product(name: "CoreMetrics", package: "swift-metrics")]),
    // 工作台: the web console's pages, sessions in cookies and CSRF; gzip through zlib.
    core("Console", ["Contract", "CSVFiles", "CZlib", hummingbird, .product(name: "HTTPTypes", package: "swift-http-types")]),
    core(
        "Gateway",
        [
            "Boot", "Contract", "Console", "Schedules", crypto, hummingbird, .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Metrics", package: "swift-metrics")
        ]),
    core("Admin", ["Boot", "Contract", "CSVFiles", argumentParser]),
    core(
        "TestSupport",
        [
            "Boot", "Contract", "Gateway", .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus")
        ])
]

// MARK: - Programmes and the catalogue (the one place that lists every compiled-in programme)

let programmeTargets: [Target] = [
    .target(
        name: "RegistryInterface", dependencies: ["Vocabulary", "Districts"], path: "Modules/Programmes/Registry/RegistryInterface",
        swiftSettings: swiftSettings),
    .target(
        name: "Registry",
        dependencies: [
            "Contract", "RegistryInterface", "CSVFiles", "Pinyin", "Schedules", argumentParser, lifecycle
        ], path: "Modules/Programmes/Registry/Registry", swiftSettings: swiftSettings),
    .target(
        name: "DropoutControlInterface", dependencies: ["Vocabulary", "Districts"],
        path: "Modules/Programmes/DropoutControl/DropoutControlInterface", swiftSettings: swiftSettings),
    .target(
        name: "DropoutControl",
        dependencies: ["Contract", "DropoutControlInterface", "RegistryInterface", "CSVFiles", "Schedules", argumentParser],
        path: "Modules/Programmes/DropoutControl/DropoutControl", swiftSettings: swiftSettings),
    .target(
        name: "HealthScreeningInterface", dependencies: ["Vocabulary", "Districts"],
        path: "Modules/Programmes/HealthScreening/HealthScreeningInterface",
        swiftSettings: swiftSettings),
    .target(
        name: "HealthScreening", dependencies: ["Contract", "CSVFiles", "HealthScreeningInterface", "Schedules", argumentParser, lifecycle],
        path: "Modules/Programmes/HealthScreening/HealthScreening",
        swiftSettings: swiftSettings)
    // programmes: one per line, added by scaffold-programme
]

let catalogue: [Target] = [
    .target(
        name: "Catalogue", dependencies: ["Contract", "Registry", "DropoutControl", "HealthScreening" /* catalogue-dependencies */],
        path: "Modules/Catalogue",
        swiftSettings: swiftSettings)
]

// MARK: - Apps: thin executables

let apps: [Target] = [
    .executableTarget(
        name: "GatewayApp", dependencies: ["Gateway", "Catalogue", argumentParser], path: "Apps/Gateway", swiftSettings: swiftSettings),
    .executableTarget(name: "AdminApp", dependencies: ["Admin", "Catalogue"], path: "Apps/Admin", swiftSettings: swiftSettings),
    .executableTarget(
        name: "GatewayBenchmark", dependencies: ["Gateway", "Catalogue", "TestSupport"], path: "Benchmarks/GatewayBenchmark",
        swiftSettings: swiftSettings),
    .executableTarget(
        name: "RegistryBenchmark", dependencies: ["Gateway", "Registry", "TestSupport"], path: "Benchmarks/RegistryBenchmark",
        swiftSettings: swiftSettings),
    .executableTarget(name: "CSVBenchmark", dependencies: ["CSVFiles"], path: "Benchmarks/CSVBenchmark", swiftSettings: swiftSettings),
    .executableTarget(
        name: "ScheduleBenchmark", dependencies: ["ScheduleBenchmarkKit", "Schedules", "TestSupport"], path: "Benchmarks/ScheduleBenchmark",
        swiftSettings: swiftSettings),
    .target(
        name: "ScheduleBenchmarkKit", dependencies: ["Schedules", "TestSupport"], path: "Benchmarks/ScheduleBenchmarkKit",
        swiftSettings: swiftSettings),
    .executableTarget(
        name: "HealthBenchmark", dependencies: ["HealthScreening", "ScheduleBenchmarkKit", "Schedules", "TestSupport"],
        path: "Benchmarks/HealthBenchmark", swiftSettings: swiftSettings),
    .executableTarget(
        name: "HealthImportBenchmark", dependencies: ["HealthScreening", "Children", "TestSupport"],
        path: "Benchmarks/HealthImportBenchmark", swiftSettings: swiftSettings),
    .executableTarget(
        name: "DropoutBenchmark",
        dependencies: [
            "DropoutControl", "Gateway", "TestSupport", "EmbeddedPostgres", .product(name: "HummingbirdTesting", package: "hummingbird")
        ], path: "Benchmarks/DropoutBenchmark", swiftSettings: swiftSettings)
]

// MARK: - Tests: one target per module, plus the cross-programme ones

func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, path: "Tests/\(name)", swiftSettings: swiftSettings)
}

let testTargets: [Target] = [
    tests("EmbeddedPostgresTests", ["EmbeddedPostgres"]),
    tests("CSVFilesTests", ["CSVFiles"]),
    tests("CoreTests", ["TestSupport", "Catalogue", "Pinyin"]),
    tests("NotificationsTests", ["TestSupport", "Notifications", hummingbird]),
    tests("WorkCalendarTests", ["WorkCalendar", "TestSupport", "Catalogue"]),
    tests("SchedulesTests", ["TestSupport", "Schedules"]),
    tests("GatewayTests", ["TestSupport", "Catalogue", .product(name: "Prometheus", package: "swift-prometheus")]),
    tests("ConsoleTests", ["TestSupport", "Console", "Catalogue"]),
    tests("AdminTests", ["TestSupport", "Admin", "Catalogue"]),
    tests("RegistryTests", ["TestSupport", "Registry", "Admin"]),
    tests("DropoutControlTests", ["TestSupport", "DropoutControl", "RegistryInterface", "Admin"]),
    // Cross-programme: two department gateways on one database.
    tests("DepartmentTests", ["TestSupport", "Registry", "DropoutControl"]),
    tests("HealthScreeningTests", ["TestSupport", "HealthScreening", "Registry"])
    // programme tests: one per line, added by scaffold-programme
]

// MARK: - Tooling: SwiftPM package plugins that create and check programmes

let tooling: [Target] = [
    .plugin(
        name: "ScaffoldProgramme",
        capability: .command(
            intent: .custom(
                verb: "scaffold-programme",
                description:
                    "Create a programme in the real shape: its targets and tests, catalogue entry, Package.swift lines, Docker profile"),
            permissions: [
                .writeToPackageDirectory(
                    reason:
                        "creates Modules/Programmes/<Name> and Tests/<Name>Tests, and edits Catalogue.swift, Package.swift and Docker/compose.yaml"
                )
            ]
        )
    ),
    .plugin(
        name: "ProgrammeBoundaries",
        capability: .command(
            intent: .custom(
                verb: "check-boundaries",
                description: "Fail when a programme depends on a host module or on another programme's implementation"))
    )
]

let package = Package(
    name: "tonghu",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tonghu-gateway", targets: ["GatewayApp"]),
        .executable(name: "tonghu", targets: ["AdminApp"]),
        .executable(name: "tonghu-bench", targets: ["GatewayBenchmark"]),
        .executable(name: "tonghu-registry-bench", targets: ["RegistryBenchmark"]),
        .executable(name: "tonghu-dropout-bench", targets: ["DropoutBenchmark"]),
        .executable(name: "tonghu-csv-bench", targets: ["CSVBenchmark"]),
        .executable(name: "tonghu-schedule-bench", targets: ["ScheduleBenchmark"]),
        .executable(name: "tonghu-health-bench", targets: ["HealthBenchmark"]),
        .executable(name: "tonghu-health-import-bench", targets: ["HealthImportBenchmark"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0")
    ],
    targets: coreTargets + programmeTargets + catalogue + apps + testTargets + tooling
)
