package io.bundlebox.ext.sortthread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bundlebox.mailstore.HeaderKeys;
import io.bundlebox.mailstore.MessageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The threading algorithms of RFC 5256 section 3 on hand-made mailboxes, each built to exercise
 * one rule; messages are header blocks read by the same {@link HeaderKeys} parser the store
 * uses. Numbers in the expected answers are sequence numbers (1-based).
 */
class ThreaderTest {

    private final List<MessageKeys> box = new ArrayList<>();

    /** Adds a message; {@code header} lines are joined with CRLF. INTERNALDATE is 2020-01-20 plus n minutes. */
    private ThreaderTest add(String... header) {
        byte[] block = (String.join("\r\n", header) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        Instant internal = Instant.parse("2020-01-20T00:00:00Z").plusSeconds(60L * box.size());
        box.add(MessageKeys.of(new MessageRecord(box.size() + 1, Set.of(), internal, 100, 1, null),
                HeaderKeys.parse(block, block.length)));
        return this;
    }

    private String references() throws Exception {
        return write(Threader.references(box.toArray(MessageKeys[]::new), () -> { }));
    }

    private String orderedSubject() {
        return write(Threader.orderedSubject(box.toArray(MessageKeys[]::new)));
    }

    private String write(List<ThreadNode> threads) {
        long[] numbers = new long[box.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = i + 1;
        }
        return ThreadWriter.write(threads, numbers);
    }

    private static String date(int hour) {
        return "Date: Wed, 1 Jan 2020 " + (hour < 10 ? "0" : "") + hour + ":00:00 +0000";
    }

    @Test
    void dummyParentsWithSeveralChildrenStayAndSiblingsSortBySentDate() throws Exception {
        add("Message-ID: <1@x>", "Subject: A", date(10));
        add("Message-ID: <2@x>", "References: <1@x>", "Subject: Re: A", date(11));
        add("Message-ID: <3@x>", "References: <missing@x>", "Subject: B", date(9));
        add("Message-ID: <4@x>", "References: <missing@x>", "Subject: Re: B", date(8));
        add("Message-ID: <5@x>", "In-Reply-To: <2@x>", "Subject: Re: A", date(10)); // older than its parent
        assertEquals("((4)(3))(1 2 5)", references());
    }

    @Test
    void rootsWithOneBaseSubjectAreGathered() throws Exception {
        add("Message-ID: <a@x>", "Subject: Hello", date(1));
        add("Message-ID: <b@x>", "Subject: Re: hello", date(2)); // a reply: becomes 1's child (5.C)
        add("Message-ID: <c@x>", "Subject: HELLO", date(3));     // neither a reply: a new dummy for both
        add("Message-ID: <d@x>", "Subject: Other", date(4));
        assertEquals("((1 2)(3))(4)", references());
    }

    @Test
    void twoDummyThreadsWithOneSubjectMergeAndRepliesJoinTheDummy() throws Exception {
        add("References: <m1@x>", "Subject: Q", date(1));
        add("References: <m1@x>", "Subject: Re: Q", date(2));
        add("References: <m2@x>", "Subject: Q", date(3));
        add("References: <m2@x>", "Subject: [fwd: Q]", date(4));
        add("Subject: Re: Q", date(5));
        assertEquals("((1)(2)(3)(4)(5))", references());
    }

    @Test
    void duplicateMessageIdsBelongToTheFirstMessage() throws Exception {
        add("Message-ID: <dup@x>", "Subject: X", date(1));
        add("Message-ID: <dup@x>", "Subject: Y", date(2));
        add("Message-ID: <e@x>", "References: <dup@x>", "Subject: Re: X", date(3));
        assertEquals("(1 3)(2)", references());
    }

    @Test
    void referenceLoopsAndSelfReferencesAreNotLinked() throws Exception {
        add("Message-ID: <p@x>", "References: <q@x>", "Subject: L1", date(1));
        add("Message-ID: <q@x>", "References: <p@x>", "Subject: L2", date(2)); // would make p and q each other's parent
        add("Message-ID: <s@x>", "References: <s@x>", "Subject: S", date(3));  // references itself
        add("Message-ID: <t@x>", "References: <t@x> <u@x> <t@x>", "Subject: T", date(4));
        assertEquals("(2 1)(3)(4)", references());
    }

    @Test
    void aTruncatedReferencesLinkIsReplacedByTheMessagesOwn() throws Exception {
        add("Message-ID: <x@x>", "References: <root@x> <y@x>", "Subject: T", date(1));
        add("Message-ID: <y@x>", "References: <other@x>", "Subject: Re: T", date(2)); // 1.B: its own parent wins
        assertEquals("(2 1)", references());
    }

    @Test
    void malformedHeadersFallBackAsSection22Says() throws Exception {
        add("Message-ID: <n1@x>", "Subject: no date");                                  // INTERNALDATE 2020-01-20
        add("Message-ID: <n2@x>", "Subject: bad zone", "Date: 1 Jan 2020 10:00:00 +9999"); // UTC
        add("Message-ID: <n3@x>", "Subject: same instant", "Date: 1 Jan 2020 09:00:00 -0100"); // tie: mailbox order
        add("Message-ID: <n4@x>", "Subject: junk date", "Date: soon");                  // INTERNALDATE + 3 min
        add("Message-ID: not-an-id", "In-Reply-To: <n2@x> (sent by joe@x)", "Subject: x"); // no valid own ID
        assertEquals("(2 5)(3)(1)(4)", references());
    }

    @Test
    void referencesLongerThan998OctetsLinkTheirWholeChain() throws Exception {
        add("Message-ID: <first@x>", "Subject: long", date(1));
        StringBuilder refs = new StringBuilder("References:");
        for (int i = 0; i < 60; i++) {
            refs.append("\r\n <missing-").append(i).append("@example.org>");
        }
        refs.append("\r\n <first@x>");
        add("Message-ID: <second@x>", refs.toString(), "Subject: Re: long", date(2));
        assertEquals("(1 2)", references());
    }

    @Test
    void aReferencesChainOfTwentyThousandIdsNeedsNoRecursion() {
        StringBuilder refs = new StringBuilder("References:");
        for (int i = 0; i < 20_000; i++) {
            refs.append("\r\n <d").append(i).append("@x>");
        }
        add("Message-ID: <deep@x>", refs.toString(), "Subject: deep", date(1));
        add("Message-ID: <child@x>", "References: <d19999@x> <deep@x>", "Subject: Re: deep", date(2));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertEquals("(1 2)", references()));
    }

    @Test
    void orderedSubjectGroupsByBaseSubjectWithoutGrandchildren() {
        add("Subject: A", date(3));
        add("Subject: Re: A", date(1));
        add("Subject: B", date(2));
        add("Subject: a", date(4));
        add("Subject: [list] re: A (fwd)", date(5));
        assertEquals("(2 (1)(4)(5))(3)", orderedSubject());
    }

    @Test
    void orderedSubjectWithTwoMessagesIsAChain() {
        add("Subject: x", date(2));
        add("Subject: Re: x", date(1));
        assertEquals("(2 1)", orderedSubject());
    }
}
