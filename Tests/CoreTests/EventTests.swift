import Contract
import Foundation
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@Suite("事件 transactional outbox")
struct EventTests {
    struct Payload: Codable, Sendable, Equatable { let n: Int }
    static let happened = EventTopic<Payload>("demo.thing.happened")

    func publish(_ test: TestPlatform, _ n: Int, topic: EventTopic<Payload> = happened, commit: Bool = true) async throws {
        let database = test.platform.database
        do {
            try await database.transaction(settings: [("tonghu.scope", DistrictScope.everywhere.multirange)]) { connection in
                try await test.platform.context.events.publish(topic, Payload(n: n), district: TestPlatform.villageA, on: connection)
                if !commit { throw TestFailure("roll back") }
            }
        } catch is TestFailure {}
    }

    @Test("events are published only with their transaction and delivered in order, each once when all goes well")
    func delivery() async throws {
        try await TestPlatform.with { test in
            let received = Mutex<[Int]>([])
            let subscription = EventSubscription(subscriber: "demo", topic: Self.happened) { payload, _ in
                received.withLock { $0.append(payload.n) }
            }
            for n in 1...3 { try await publish(test, n) }
            try await publish(test, 99, commit: false)
            for n in 4...150 { try await publish(test, n) }
            let dispatcher = EventDispatcher(database: test.platform.database, subscriptions: [subscription])
            try await dispatcher.drain()
            #expect(received.withLock { $0 } == Array(1...150))
            try await dispatcher.drain()
            #expect(received.withLock { $0 }.count == 150)
        }
    }

    @Test("a failing handler is retried with backoff and then dead-lettered; later events still arrive")
    func retriesAndDeadLetters() async throws {
        try await TestPlatform.with { test in
            let attempts = Mutex(0)
            let received = Mutex<[Int]>([])
            let subscription = EventSubscription(subscriber: "demo", topic: Self.happened) { payload, _ in
                if payload.n == 2 {
                    attempts.withLock { $0 += 1 }
                    throw TestFailure("cannot handle 2")
                }
                received.withLock { $0.append(payload.n) }
            }
            for n in 1...3 { try await publish(test, n) }
            let dispatcher = EventDispatcher(
                database: test.platform.database, subscriptions: [subscription], maximumAttempts: 3, backoff: .milliseconds(50))
            for _ in 0..<40 where attempts.withLock({ $0 }) < 3 || received.withLock({ $0 }).count < 2 {
                try await dispatcher.drain()
                try await Task.sleep(for: .milliseconds(60))
            }
            #expect(attempts.withLock { $0 } == 3)
            #expect(received.withLock { $0 } == [1, 3])
            let status = try await EventStatus.read(test.owner)
            #expect(status.deadLetters.count == 1)
            #expect(status.deadLetters.first?.error.contains("cannot handle 2") == true)
        }
    }

    @Test("a running dispatcher is woken by NOTIFY")
    func notify() async throws {
        try await TestPlatform.with { test in
            let received = Mutex<[Int]>([])
            let subscription = EventSubscription(subscriber: "demo", topic: Self.happened) { payload, _ in
                received.withLock { $0.append(payload.n) }
            }
            let dispatcher = EventDispatcher(database: test.platform.database, subscriptions: [subscription], pollInterval: .seconds(60))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await dispatcher.run() }
                try await Task.sleep(for: .milliseconds(300))
                try await publish(test, 7)
                for _ in 0..<50 where received.withLock({ $0 }).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                group.cancelAll()
            }
            #expect(received.withLock { $0 } == [7])
        }
    }
}
