package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.DefaultSipTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PurgingSipTimerTest {

    private static final long AN_HOUR = 3_600_000;

    @Test
    void cancel_everyPurgeEvery_dropsTheCancelledTasksFromTheQueue() {
        PurgingSipTimer timer = started(new PurgingSipTimer());
        try {
            List<SIPStackTimerTask> tasks = schedule(timer, PurgingSipTimer.PURGE_EVERY + 10);
            for (SIPStackTimerTask t : tasks) {
                assertTrue(timer.cancel(t));
            }
            // The first PURGE_EVERY cancellations were purged as the last of them was cancelled; 10 are left.
            assertEquals(10, timer.purge());
        } finally {
            timer.stop();
        }
    }

    @Test
    void cancel_theRisDefaultTimer_keepsEveryCancelledTask() {
        // What the purging timer is for: the RI's own timer keeps them until their time comes.
        DefaultSipTimer timer = started(new DefaultSipTimer());
        try {
            for (SIPStackTimerTask t : schedule(timer, PurgingSipTimer.PURGE_EVERY + 10)) {
                timer.cancel(t);
            }
            assertEquals(PurgingSipTimer.PURGE_EVERY + 10, timer.purge());
        } finally {
            timer.stop();
        }
    }

    @Test
    void purging_leavesLiveTasksToRun() throws InterruptedException {
        PurgingSipTimer timer = started(new PurgingSipTimer());
        try {
            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(task(ran::countDown), 200);
            for (SIPStackTimerTask t : schedule(timer, PurgingSipTimer.PURGE_EVERY)) {
                timer.cancel(t);
            }
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the live task ran after the purge");
        } finally {
            timer.stop();
        }
    }

    private static <T extends DefaultSipTimer> T started(T timer) {
        timer.start(null, new Properties());
        return timer;
    }

    /**
     * Schedules n tasks an hour away, after a live task that comes due a minute before them. java.util.Timer's
     * thread removes a cancelled task it finds at the head of its queue when it wakes; with a live head it finds
     * none, so only a purge drops the cancelled ones and the counts below are exact (CI of stop 31 saw the RI's
     * timer purge 1030 of 1034: its thread, slow to reach its wait on a loaded box, had taken 4 off the head).
     */
    private static List<SIPStackTimerTask> schedule(DefaultSipTimer timer, int n) {
        timer.schedule(task(() -> { }), AN_HOUR - 60_000);
        List<SIPStackTimerTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SIPStackTimerTask t = task(() -> { });
            timer.schedule(t, AN_HOUR);
            tasks.add(t);
        }
        return tasks;
    }

    private static SIPStackTimerTask task(Runnable body) {
        return new SIPStackTimerTask() {
            @Override
            public void runTask() {
                body.run();
            }

            @Override
            public Object getThreadHash() {
                return null;
            }
        };
    }
}
