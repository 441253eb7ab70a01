package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private final WorkQueue<String> queue = new WorkQueue<>();

    @Test
    void aKeyAddedTwiceWhileQueuedIsHandedOutOnce() throws InterruptedException {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).contains("a");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).contains("b");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void aKeyBeingProcessedIsNotHandedOutAgainUntilDoneButOtherKeysAre() throws InterruptedException {
        queue.add("a");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).contains("a");
        queue.add("a");
        queue.add("b");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).contains("b");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).as("a is still being processed").isEmpty();
        queue.done("a");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).as("a was added meanwhile: queued again").contains("a");
    }

    @Test
    void doneWithoutANewAddDoesNotRequeue() throws InterruptedException {
        queue.add("a");
        queue.take(0, TimeUnit.MILLISECONDS);
        queue.done("a");
        assertThat(queue.depth()).isZero();
        assertThat(queue.inProgress()).isZero();
    }

    @Test
    void keysOfTheFirstLaneAreHandedOutBeforeBackgroundKeys() throws InterruptedException {
        queue.addBackground("pods-changed");
        queue.add("stack-written");
        queue.addBackground("retry");
        assertThat(queue.depth()).isEqualTo(3);
        assertTakes("stack-written", "pods-changed", "retry");
    }

    @Test
    void aBackgroundKeyAddedInTheFirstLaneMovesThereOnceAndAFirstLaneKeyStaysThere() throws InterruptedException {
        queue.addBackground("a");
        queue.addBackground("b");
        queue.add("b");
        queue.add("c");
        queue.addBackground("c");
        assertThat(queue.depth()).isEqualTo(3);
        assertTakes("b", "c", "a");
        assertThat(queue.take(0, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void aKeyAddedWhileProcessingIsRequeuedInTheLaneItWasAddedIn() throws InterruptedException {
        queue.add("a");
        queue.add("b");
        assertTakes("a", "b");
        queue.addBackground("a");
        queue.addBackground("b");
        queue.add("b");
        queue.done("a");
        queue.done("b");
        assertTakes("b", "a"); // b was added in the first lane while it was processed
    }

    @Test
    void shutDownReleasesTakersAndIgnoresAdds() throws InterruptedException {
        queue.shutDown();
        queue.add("a");
        assertThat(queue.take(10, TimeUnit.SECONDS)).isEmpty();
    }

    private void assertTakes(String... keys) throws InterruptedException {
        for (String key : keys) {
            assertThat(queue.take(0, TimeUnit.MILLISECONDS)).contains(key);
        }
    }
}
