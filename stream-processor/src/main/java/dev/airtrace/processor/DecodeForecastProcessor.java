package dev.airtrace.processor;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.processor.VerifierState.Event;
import dev.airtrace.topics.serving.ForecastJson;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes a record of the forecasts topic for the verifier; bytes that are not a forecast become an
 * {@code UNDECODABLE_RECORD} dead letter (source {@code kafka:<topic>/<partition>/<offset>}, the
 * original bytes, no device) instead of stopping the application. The key (site id) is passed on.
 * Stateless; one instance per task, called from one thread.
 */
final class DecodeForecastProcessor implements Processor<String, byte[], String, Routed<Event>> {
  private ProcessorContext<String, Routed<Event>> context;

  @Override
  public void init(ProcessorContext<String, Routed<Event>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    byte[] payload = record.value() == null ? new byte[0] : record.value();
    try {
      context.forward(record.withValue(Routed.accept(Event.of(ForecastJson.decode(payload)))));
    } catch (RuntimeException e) {
      context.forward(
          record.withValue(
              Routed.reject(
                  new DeadLetter(
                      RejectReason.UNDECODABLE_RECORD,
                      "not a forecast: " + e.getMessage(),
                      DecodeReadingProcessor.source(context),
                      payload,
                      null,
                      context.applicationId(),
                      context.currentSystemTimeMs()))));
    }
  }
}
