package org.rnn4j.spark;

/** Turns a Spark job failure caused by bad input on an executor back into the error the input would raise here. */
final class Failures {
    private static final String BAD_INPUT = IllegalArgumentException.class.getName() + ": ";

    private Failures() {
    }

    /**
     * @param e a failure of a Spark job
     * @return an {@link IllegalArgumentException} with the executor's message when a task failed on one (Spark keeps
     *     only its text), else {@code e}, or an {@link IllegalStateException} around it when it is checked (Spark's
     *     {@code SparkException} is, though Java does not see it declared)
     */
    static RuntimeException unwrap(Exception e) {
        if (e instanceof IllegalArgumentException iae) {
            return iae;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int i = m == null ? -1 : m.indexOf(BAD_INPUT);
            if (i >= 0) {
                String rest = m.substring(i + BAD_INPUT.length());
                int end = rest.indexOf('\n');
                return new IllegalArgumentException(end < 0 ? rest : rest.substring(0, end), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("Spark job failed: " + e, e);
    }
}
