import Foundation
import SQLKit
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// Full-text search over subjects, descriptions and comments, on the database the tests run
/// on (SQLite's FTS5 here; PostgreSQL's tsvector indexes when SWITCHBOARD_TEST_POSTGRES_URL is
/// set, as in `.ci/run`): what it finds, and that internal notes never lead a submitter to a ticket.
@Suite struct TicketSearchTests {
    func found(_ desk: TestHelpdesk, _ text: String, as person: TestHelpdesk.Person) async throws -> [Int] {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "text", value: text), URLQueryItem(name: "sort", value: "id")]
        let response = try await desk.request(.GET, "/api/v1/tickets?" + components.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B"), as: person)
        #expect(response.status == .ok, "\(text): \(response.body.string)")
        return try response.content.decode(ListJSON.self).items.map(\.id)
    }

    @Test func wordsAreFoundInSubjectDescriptionAndVisibleComments() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let cream = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail on CREAM CE")
            let storage = try await desk.fileTicket(as: cast.alice, subject: "Storage element offline",
                                                    extra: ["description": "The SRM endpoint answers with an authentication error."])
            try await desk.request(.POST, "/api/v1/tickets/\(cream)/comments", as: cast.triage, json: ["body": "Please send the zephyr log of the CE."])
            // The description: a prefix of a word, and a phrase in its order only.
            #expect(try await found(desk, "authoriz", as: cast.alice) == [cream])
            #expect(try await found(desk, "\"authorization error\"", as: cast.alice) == [cream])
            #expect(try await found(desk, "\"error authorization\"", as: cast.alice).isEmpty)
            #expect(try await found(desk, "error", as: cast.alice) == [cream, storage])
            // Terms may be found in different places of one ticket; every term must be.
            #expect(try await found(desk, "cream zephyr", as: cast.alice) == [cream])
            #expect(try await found(desk, "storage zephyr", as: cast.alice).isEmpty)
            // Case and hyphens: glite-ce-job-submit is the phrase "glite ce job submit".
            #expect(try await found(desk, "GLITE-CE", as: cast.triage) == [cream])
            // Query-language operators are words like any other; nothing to search for filters nothing.
            for text in ["NOT", "OR AND", "NEAR(", "\"", "*", "cream*", "-cream", "col:cream", "'; DROP TABLE tickets; --"] {
                _ = try await found(desk, text, as: cast.alice)
            }
            #expect(try await found(desk, "*", as: cast.alice) == [cream, storage])
            #expect(try await found(desk, "cream*", as: cast.alice) == [cream])
        }
    }

    /// Pages of a search in ticket-number order, both ways, with and without other filters:
    /// on SQLite the full-text index gives that order itself (`NumberOrder.searchIndex`), and the
    /// cursor continues where the page ended.
    @Test func searchesInNumberOrderPageThroughEveryMatchOnce() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            var pool: [Int] = []
            for n in 1...7 {
                pool.append(try await desk.fileTicket(as: cast.alice, subject: "Pool \(n) stalls on transfers"))
                _ = try await desk.fileTicket(as: cast.bob, subject: "Unrelated \(n)")
            }
            for id in [pool[1], pool[4], pool[5]] {
                let answer = try await desk.request(.POST, "/api/v1/tickets/\(id)/status", as: cast.triage,
                                                    json: ["status": "solved", "note": "Done."])
                #expect(answer.status == .ok, "\(answer.body.string)")
            }
            func pages(_ query: String, as person: TestHelpdesk.Person) async throws -> [[Int]] {
                var pages: [[Int]] = []
                var cursor: String?
                repeat {
                    let path = "/api/v1/tickets?limit=2&" + query + (cursor.map { "&cursor=\($0)" } ?? "")
                    let answer = try await desk.request(.GET, path, as: person)
                    #expect(answer.status == .ok, "\(path): \(answer.body.string)")
                    let list = try answer.content.decode(ListJSON.self)
                    pages.append(list.items.map(\.id))
                    cursor = list.nextCursor
                } while cursor != nil && pages.count < 10
                return pages
            }
            #expect(try await pages("text=pool%20transfers&sort=-id", as: cast.triage) == [[pool[6], pool[5]], [pool[4], pool[3]], [pool[2], pool[1]], [pool[0]]])
            #expect(try await pages("text=pool%20transfers&sort=id", as: cast.triage) == [[pool[0], pool[1]], [pool[2], pool[3]], [pool[4], pool[5]], [pool[6]]])
            #expect(try await pages("text=transf&status=solved&sort=-id", as: cast.triage) == [[pool[5], pool[4]], [pool[1]]])
            #expect(try await pages("text=pool&sort=-id", as: cast.alice).flatMap { $0 } == pool.reversed())
            #expect(try await pages("text=pool&sort=-id", as: cast.bob).flatMap { $0 } == [])
            #expect(try await pages("text=zyxwvut&sort=-id", as: cast.triage) == [[]])
            // The pages above were read in the index's order on SQLite.
            let order = try await TicketTextSearch.filter(TicketModel.query(on: desk.db), SearchText("pool"), includeInternal: true,
                                                          narrowed: false, inNumberOrder: true, on: desk.db)
            #expect(order == (DatabaseSetup.isSQLite(desk.db) ? .searchIndex : .tickets))
        }
    }

    /// The list is read in its own order when the words together are common (SQLite:
    /// `commonWordMatches`, PostgreSQL: `commonWordEstimate`); both ways find the same tickets,
    /// and neither finds one by an internal note for a reader who may not see it.
    @Test func commonAndRareWordsFindTheSameTickets() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let cream = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail on CREAM CE")
            let storage = try await desk.fileTicket(as: cast.alice, subject: "Storage element offline on the CE")
            _ = try await desk.fileTicket(as: cast.bob, subject: "Pool node down")
            try await desk.request(.POST, "/api/v1/tickets/\(storage)/comments", as: cast.triage,
                                   json: ["body": "The quasar pool again.", "visibility": "internal"])
            try await desk.request(.POST, "/api/v1/tickets/\(cream)/comments", as: cast.triage, json: ["body": "Which pool?"])
            for (text, seesInternal) in [("ce", false), ("pool", false), ("pool", true), ("quasar", false), ("quasar", true), ("ce pool", false),
                                     ("ce pool", true), ("\"cream ce\"", false), ("nothing", false)] {
                var answers: [[Int]] = []
                for threshold in [0, Int.max] {
                    let query = TicketModel.query(on: desk.db)
                    try await TicketTextSearch.filter(query, SearchText(text), includeInternal: seesInternal, narrowed: false, on: desk.db,
                                                      commonAbove: threshold)
                    answers.append(try await query.sort(\.$updatedAt, .descending).sort(\.$id, .descending).all().compactMap(\.id))
                }
                #expect(answers[0] == answers[1], "\(text), internal: \(seesInternal)")
                if text == "quasar" { #expect(answers[0] == (seesInternal ? [storage] : []), "\(text), internal: \(seesInternal)") }
                if text == "pool" && !seesInternal { #expect(Set(answers[0]).isSuperset(of: [cream]) && !answers[0].contains(storage)) }
            }
        }
    }

    /// PostgreSQL's choice of plan rests on the word frequencies `ANALYZE` keeps: a word many
    /// tickets have (whole or as a prefix) is common, the rarest word decides, and a word the
    /// statistics do not know counts as none.
    @Test func postgresEstimatesHowManyTicketsHaveTheWords() async throws {
        try await TestHelpdesk.with { desk in
            guard !DatabaseSetup.isSQLite(desk.db) else { return }
            let cast = try await desk.cast()
            #expect(try await TicketTextSearch.estimatedTogether(SearchText("pool"), on: desk.db) == 0, "no statistics yet")
            for number in 1...30 { _ = try await desk.fileTicket(as: cast.alice, subject: "Pool node \(number) down") }
            try await (desk.db as! any SQLDatabase).raw("ANALYZE ticket_words").run()
            func estimate(_ text: String) async throws -> Int { try await TicketTextSearch.estimatedTogether(SearchText(text), on: desk.db) }
            let pool = try await estimate("\"pool\"")
            #expect(pool >= 25, "\(pool)")
            let prefix = try await estimate("poo"), both = try await estimate("pool down")
            #expect(prefix == pool && both == pool, "a prefix: \(prefix); the rarest word: \(both)")
            for text in ["zyxwvut", "pool zyxwvut", "\"poo\""] { #expect(try await estimate(text) == 0, "\(text)") }
        }
    }

    /// `sort=relevance`: the ticket whose own text matches best comes first, one found only by a
    /// comment last; pages follow one another by score without overlap; without words it is
    /// the newest first.
    @Test func relevanceOrdersByHowWellTheTicketsOwnTextMatches() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let best = try await desk.fileTicket(as: cast.alice, subject: "dCache pool offline",
                                                 extra: ["description": "The pool on the dCache head node went offline."])
            let once = try await desk.fileTicket(as: cast.alice, subject: "Transfers are slow",
                                                 extra: ["description": "Some transfers through one pool of the site run slowly since Monday."])
            let byComment = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail", extra: ["description": "Nothing else to say."])
            try await desk.request(.POST, "/api/v1/tickets/\(byComment)/comments", as: cast.triage, json: ["body": "Check the pool."])
            _ = try await desk.fileTicket(as: cast.alice, subject: "Unrelated")
            func page(_ query: String) async throws -> ListJSON {
                let response = try await desk.request(.GET, "/api/v1/tickets?" + query, as: cast.triage)
                #expect(response.status == .ok, "\(query): \(response.body.string)")
                return try response.content.decode(ListJSON.self)
            }
            #expect(try await page("text=pool&sort=relevance").items.map(\.id) == [best, once, byComment])
            #expect(try await page("text=pool").items.map(\.id) == [byComment, once, best], "the default order is the newest first")
            // One ticket a page, by cursor.
            var seen: [Int] = []
            var cursor: String? = nil
            repeat {
                let next = try await page("text=pool&sort=relevance&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += next.items.map(\.id)
                cursor = next.nextCursor
            } while cursor != nil && seen.count < 10
            #expect(seen == [best, once, byComment])
            // Both words: only the ticket that has both; without words, the newest first.
            #expect(try await page("text=dcache%20pool&sort=relevance").items.map(\.id) == [best])
            let all = try await page("sort=relevance").items.map(\.id)
            #expect(all == all.sorted(by: >) && all.contains(best))
            // The search page offers it as "Best match" and lists in that order.
            var browser = WebFlowTests.Browser(desk: desk)
            try await browser.signIn(cast.triage.email)
            let html = try await browser.get("/search?text=pool&sort=relevance").body.string
            let places = [best, once, byComment].map { html.range(of: "/tickets/\($0)\"")?.lowerBound }
            #expect(places.allSatisfy { $0 != nil } && places[0]! < places[1]! && places[1]! < places[2]!, "\(places)")
            #expect(html.contains("<option value=\"relevance\" selected>Best match (with words)</option>")
                    || html.contains("<option value=\"relevance\" selected=\"selected\">Best match (with words)</option>"), "the chosen order is shown")
        }
    }

    /// The index follows a ticket's comments as they come and go (SQLite rewrites the
    /// ticket's search row, migration 031), and a phrase never runs from one comment into the
    /// next one.
    @Test func theIndexFollowsCommentsAndPhrasesStayInsideOne() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ticket = try await desk.fileTicket(as: cast.alice, subject: "Transfers stall")
            for (body, visibility) in [("First reply ends with gamma", "public"), ("An internal quasar note", "internal"),
                                       ("Delta starts the second reply", "public")] {
                try await desk.request(.POST, "/api/v1/tickets/\(ticket)/comments", as: cast.triage, json: ["body": body, "visibility": visibility])
            }
            #expect(try await found(desk, "gamma delta", as: cast.alice) == [ticket], "words of two comments, as terms")
            #expect(try await found(desk, "\"gamma delta\"", as: cast.alice).isEmpty, "a phrase across two comments")
            #expect(try await found(desk, "\"reply ends\"", as: cast.alice) == [ticket])
            #expect(try await found(desk, "quasar", as: cast.alice).isEmpty)
            #expect(try await found(desk, "quasar delta", as: cast.triage) == [ticket], "an internal and a public word together")
            #expect(try await found(desk, "quasar delta", as: cast.alice).isEmpty)
            // A comment goes with its event and the event's mail; its words go with it.
            let sql = desk.db as! any SQLDatabase
            let event: SQLQueryString = "SELECT id FROM ticket_events WHERE comment_id IN (SELECT id FROM comments WHERE body LIKE 'First reply%')"
            try await sql.raw("DELETE FROM outbox WHERE event_id IN (\(event))").run()
            try await sql.raw("DELETE FROM ticket_events WHERE comment_id IN (SELECT id FROM comments WHERE body LIKE 'First reply%')").run()
            try await sql.raw("DELETE FROM comments WHERE body LIKE 'First reply%'").run()
            if DatabaseSetup.isSQLite(desk.db) {
                // On SQLite a write outside the helpdesk's changes is indexed by the next change
                // of any ticket (migration 035), here another person's filing.
                #expect(try await found(desk, "gamma", as: cast.triage) == [ticket])
                _ = try await desk.fileTicket(as: cast.bob, subject: "Unrelated")
            }
            #expect(try await found(desk, "gamma", as: cast.triage).isEmpty)
            #expect(try await found(desk, "delta transfers", as: cast.alice) == [ticket])
            try await desk.request(.POST, "/api/v1/tickets/\(ticket)/comments", as: cast.triage, json: ["body": "Third reply: epsilon"])
            #expect(try await found(desk, "epsilon delta", as: cast.alice) == [ticket])
            #expect(try await found(desk, "quasar", as: cast.triage) == [ticket], "the internal note is still indexed")
        }
    }

    /// SQLite writes the search documents of a shared transaction's tickets once, after its
    /// last change and before its commit (migration 035): every ticket of the batch is found
    /// after it, a change rolled back to its savepoint leaves no words, nothing stays noted.
    @Test(.enabled(if: TestHelpdesk.postgresURL == nil, "SQLite's write gate"))
    func theTicketsOfASharedTransactionAreFoundAfterItsCommit() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let helpdesk = desk.helpdesk
            let gate = try #require(helpdesk.writeGate)
            let sql = desk.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE probe (n INTEGER PRIMARY KEY)").run()
            let alice = Acting(principal: try await desk.principal(cast.alice), name: cast.alice.name)
            struct Refused: Error {}
            // The six wait behind a first change and share the next transaction (unless a loaded
            // machine makes it reach its time limit first: GroupCommitTests holds batches whole).
            let outcomes = try await GroupCommitTests.behindAFirstChange(helpdesk, gate, waiting: 6) {
                await withTaskGroup(of: Bool.self) { group in
                    for n in 1...6 {
                        group.addTask {
                            let filed = try? await helpdesk.change(by: alice) { context in
                                try await helpdesk.tickets.createTicket(NewTicketInput(subject: "Quokka number\(n)", description: "Zebra"), in: context)
                                if n == 3 { throw Refused() }
                            }
                            return filed != nil
                        }
                    }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
            }
            #expect(outcomes.filter { $0 }.count == 5)
            #expect(try await found(desk, "quokka zebra", as: cast.triage).count == 5)
            #expect(try await found(desk, "number3", as: cast.triage).isEmpty, "the refused filing left no words")
            #expect(try await found(desk, "number5", as: cast.alice).count == 1)
            struct Count: Decodable { let n: Int }
            #expect(try await sql.raw("SELECT count(*) AS n FROM ticket_words_pending").first(decoding: Count.self)?.n == 0)
        }
    }

    @Test func anInternalNoteNeverLeadsASubmitterToTheTicket() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ticket = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail on CREAM CE")
            try await desk.request(.POST, "/api/v1/tickets/\(ticket)/comments", as: cast.triage,
                                   json: ["body": "Probably the quasar firmware again.", "visibility": "internal"])
            try await desk.request(.POST, "/api/v1/tickets/\(ticket)/comments", as: cast.triage, json: ["body": "We are on it."])
            #expect(try await found(desk, "quasar", as: cast.alice).isEmpty)
            #expect(try await found(desk, "\"quasar firmware\"", as: cast.alice).isEmpty)
            #expect(try await found(desk, "cream quasar", as: cast.alice).isEmpty)
            #expect(try await found(desk, "cream", as: cast.alice) == [ticket])
            // Supporters find it by the note.
            #expect(try await found(desk, "quasar", as: cast.triage) == [ticket])
            #expect(try await found(desk, "quasar", as: cast.developer) == [ticket])
            #expect(try await found(desk, "quasar", as: cast.admin) == [ticket])
            // The search page and a saved view's count tell the submitter nothing either.
            var browser = WebFlowTests.Browser(desk: desk)
            try await browser.signIn(cast.alice.email)
            let page = try await browser.get("/search?text=quasar").body.string
            #expect(!page.contains("/tickets/\(ticket)\"") && !page.contains("quasar firmware"))
            let view = try await desk.request(.POST, "/api/v1/views", as: cast.alice, json: ["name": "Q", "query": "text=quasar"])
            #expect(view.body.string.contains("\"count\":0"), "\(view.body.string)")
        }
    }

    @Test func theIndexFollowsSubjectChanges() async throws {
        try await TestHelpdesk.with { desk in
            let cast = try await desk.cast()
            let ticket = try await desk.fileTicket(as: cast.alice, subject: "Jobs fail on CREAM CE")
            let edited = try await desk.request(.PATCH, "/api/v1/tickets/\(ticket)", as: cast.triage, json: ["subject": "VOMS proxies expire early"])
            #expect(edited.status == .ok, "\(edited.body.string)")
            #expect(try await found(desk, "voms", as: cast.alice) == [ticket])
            #expect(try await found(desk, "cream", as: cast.alice).isEmpty)
        }
    }
}
