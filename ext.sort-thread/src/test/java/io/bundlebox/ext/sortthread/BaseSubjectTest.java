package io.bundlebox.ext.sortthread;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 5256 section 2.1, step by step, table-driven: subject, base subject, reply/forward. */
class BaseSubjectTest {

    private static final Object[][] CASES = {
        {"Hello", "Hello", false},
        {null, "", false},
        {"", "", false},
        {"   ", "", false},
        {"Re: Hello", "Hello", true},
        {"RE: re: Fwd: FW: Hello", "Hello", true},
        {"Re[2]: Hello", "Hello", true},
        {"Re [2]: Hello", "Hello", true},                  // *WSP before the blob
        {"[PATCH] Re: Hello", "Hello", true},              // (3) *subj-blob subj-refwd
        {"[USRP-users] Re: [USRP-users] Hello", "Hello", true},
        {"[PATCH v2 3/7] lib: fix", "lib: fix", false},    // (4) blob removed, "lib:" is no subj-refwd
        {"[only a blob]", "[only a blob]", false},         // (4) never leaves an empty subj-base
        {"[a] [b]", "[b]", false},
        {"Hello (fwd)", "Hello", true},                    // (2) trailer
        {"Hello (FWD) (fwd)  ", "Hello", true},
        {"[Fwd: Hello]", "Hello", true},                   // (6) wrapper
        {"[fwd: Re: [x] Hello (fwd)]", "Hello", true},     // (6) then again from (2)
        {"[Fwd: [Fwd: Hello]]", "Hello", true},
        {"Hello\t\tworld", "Hello world", false},          // (1) tabs and runs of spaces
        {"  Re:   spaced   out  ", "spaced out", true},
        {"Rex: not a reply", "Rex: not a reply", false},
        {"Fwd Hello", "Fwd Hello", false},
        {"re:", "", true},
        {"Re: (fwd)", "", true},
        {"Reply: x", "Reply: x", false},
        {"[fwd: unterminated", "[fwd: unterminated", false},
        {"Grüße [x]", "Grüße [x]", false},
        {"fw[bl]:x", "x", true},
    };

    @Test
    void baseSubjectsFollowSection21() {
        for (Object[] c : CASES) {
            BaseSubject b = BaseSubject.of((String) c[0]);
            assertEquals(c[1], b.text(), "base subject of " + c[0]);
            assertEquals(c[2], b.replyOrForward(), "reply or forward: " + c[0]);
        }
    }
}
