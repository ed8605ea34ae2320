import Children
import Testing
import Vocabulary

@Suite("公民身份号码 GB 11643")
struct CitizenIDTests {
    let today = CalendarDate(year: 2026, month: 11, day: 22)!

    @Test(
        "published examples pass the MOD 11-2 check",
        arguments: ["11010519491231002X", "440524188001010014", "370101190102039973", "513101198201130014"])
    func knownGood(_ number: String) throws {
        #expect(try CitizenID(number, today: today).value == number)
    }

    @Test(
        "an ID number a spreadsheet turned into a number says so and how to keep it as text",
        arguments: ["3.20412E+17", "3.20412201307212E+17", "1.10105E+14"])
    func spreadsheetNumber(_ text: String) {
        #expect {
            try CitizenID(text, today: today)
        } throws: { error in
            let problem = error as? Problem
            return problem?.field == "idNumber" && problem?.detail.zh.contains("电子表格转成了数字") == true
                && problem?.detail.en.contains("format the column as Text") == true
        }
    }

    @Test("a lower-case x and surrounding spaces are accepted")
    func normalised() throws {
        #expect(try CitizenID(" 11010519491231002x ", today: today).value == "11010519491231002X")
    }

    @Test(
        "one digit off fails the checksum, naming idNumber", arguments: ["11010519491231003X", "440524188001010015", "370101190102039974"])
    func oneDigitOff(_ number: String) {
        #expect {
            try CitizenID(number, today: today)
        } throws: { error in
            (error as? Problem)?.field == "idNumber" && (error as? Problem)?.detail.zh.contains("校验位") == true
        }
    }

    @Test("impossible birth dates are refused", arguments: ["19990230", "20230229", "20011301", "20010100"])
    func impossibleDates(_ date: String) {
        let body = "320412" + date + "123"
        let number = body + String(checkCharacter(body))
        #expect(throws: Problem.self) { try CitizenID(number, today: today) }
    }

    @Test("a birth date in the future is refused; today is accepted")
    func futureDates() throws {
        let future = "320412" + "20261123" + "123"
        #expect(throws: Problem.self) { try CitizenID(future + String(checkCharacter(future)), today: today) }
        let born = "320412" + "20261122" + "123"
        #expect(try CitizenID(born + String(checkCharacter(born)), today: today).birthDate == today)
    }

    @Test("a 15-digit legacy number is upgraded with century 19 and a check character")
    func legacyUpgrade() throws {
        let id = try CitizenID("130503670401001", today: today)
        #expect(id.value == "130503196704010016")
        #expect(id.birthDate == CalendarDate(year: 1967, month: 4, day: 1))
    }

    @Test("sex comes from the 17th digit; masking keeps the area code and the last four")
    func sexAndMask() throws {
        let id = try CitizenID("11010519491231002X", today: today)
        #expect(id.sex == .female)
        #expect(try CitizenID("440524188001010014", today: today).sex == .male)
        #expect(id.masked == "110105********002X")
        #expect("\(id)" == id.masked)
    }

    @Test("wrong lengths and letters are refused", arguments: ["", "1234", "11010519491231002XX", "1101051949123100AX"])
    func malformed(_ number: String) {
        #expect(throws: Problem.self) { try CitizenID(number, today: today) }
    }

    func checkCharacter(_ body: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return Array("10X98765432")[sum % 11]
    }
}
