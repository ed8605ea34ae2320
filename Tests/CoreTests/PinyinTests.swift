import Pinyin
import Testing

@Suite("拼音首字母")
struct PinyinTests {
    @Test(
        "the first variant reads every character the common way; ASCII kept, punctuation skipped",
        arguments: [
            ("张三明", "zsm"), ("李华", "lh"), ("欧阳娜娜", "oynn"), ("阿依古丽·买买提", "ayglmmt"), ("Tom 王", "tomw")
        ])
    func initials(name: String, expected: String) {
        #expect(PinyinInitials.variants(of: name).first == expected)
    }

    @Test("a name without readable characters has no initials")
    func none() {
        #expect(PinyinInitials.variants(of: "").isEmpty)
        #expect(PinyinInitials.variants(of: "·—").isEmpty)
    }

    @Test("a polyphonic surname gives every reading, most common first, within the limit")
    func polyphonic() {
        #expect(Set(PinyinInitials.variants(of: "单田芳")).isSuperset(of: ["dtf", "stf"]))
        #expect(PinyinInitials.variants(of: "曾曾曾曾曾曾", limit: 4).count == 4)
    }

    @Test("only ASCII letters are taken as initials")
    func isInitials() {
        #expect(PinyinInitials.isInitials("zsm"))
        #expect(!PinyinInitials.isInitials("张s"))
        #expect(!PinyinInitials.isInitials("z1"))
        #expect(!PinyinInitials.isInitials(""))
    }
}
