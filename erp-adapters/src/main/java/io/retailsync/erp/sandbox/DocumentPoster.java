package io.retailsync.erp.sandbox;

import io.retailsync.erp.ErpDocument;
import io.retailsync.erp.PostResult;
import io.retailsync.erp.sandbox.ErpCallFailure.Kind;
import io.retailsync.erp.sandbox.ErpWireFormat.BatchResult;
import io.retailsync.erp.sandbox.ErpWireFormat.UnreadableAnswerException;
import io.retailsync.model.failure.PermanentSyncException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts documents in batches without ever posting one twice: after an ambiguous failure (the ERP may have
 * stored what it then failed to confirm) every document of that request is looked up by its external
 * reference before anything is sent again, and only those the ERP does not hold are re-posted.
 */
final class DocumentPoster {

  private static final Logger log = LoggerFactory.getLogger(DocumentPoster.class);

  private final ErpHttp http;
  private final ErpResilience resilience;
  private final ErpWireFormat wire;
  private final int batchSize;
  private final Duration maxCallTime;
  private final Clock clock;

  DocumentPoster(ErpHttp http, ErpResilience resilience, ErpWireFormat wire, int batchSize, Duration maxCallTime,
      Clock clock) {
    this.http = http;
    this.resilience = resilience;
    this.wire = wire;
    this.batchSize = batchSize;
    this.maxCallTime = maxCallTime;
    this.clock = clock;
  }

  /** Posts the documents; with a {@code notAfter}, no call starts after it. */
  <D> List<PostResult> post(DocumentKind kind, List<D> documents, Function<D, String> referenceOf,
      Function<D, Object> toRequest, Instant notAfter) {
    PostResult[] results = new PostResult[documents.size()];
    List<Outgoing> sendable = new ArrayList<>();
    for (int position = 0; position < documents.size(); position++) {
      D document = documents.get(position);
      String reference = referenceOf.apply(document);
      try {
        sendable.add(new Outgoing(position, reference, toRequest.apply(document)));
      } catch (UnpostableDocumentException unpostable) {
        results[position] = new PostResult.Rejected(reference, unpostable.getMessage());
      }
    }
    for (int from = 0; from < sendable.size(); from += batchSize) {
      List<Outgoing> chunk = sendable.subList(from, Math.min(from + batchSize, sendable.size()));
      new ChunkPosting(kind, chunk, results, notAfter).run();
    }
    return List.copyOf(Arrays.asList(results));
  }

  /** One lookup by external reference, through the circuit breaker and rate limiter, not retried. */
  Optional<ErpDocument> lookUp(DocumentKind kind, String reference) {
    ErpAnswer answer = resilience.guarded(() -> http.get(uri -> uri.path(kind.path)
        .queryParam(kind.lookupParameter, "{reference}").build(reference)));
    if (answer.successful()) {
      return readAnswer("lookup of " + kind.label + " " + reference,
          () -> wire.firstDocument(answer.body(), reference));
    }
    if (answer.status() == 404) {
      return Optional.empty();
    }
    throw new PermanentSyncException("ERP_REJECTED",
        "ERP refused the lookup of " + kind.label + " " + reference + ": " + wire.problemReason(answer));
  }

  /** Reads a 2xx body; one the API does not promise is a failed call that may have done its work. */
  static <T> T readAnswer(String what, Supplier<T> reading) {
    try {
      return reading.get();
    } catch (UnreadableAnswerException unreadable) {
      throw new ErpCallFailure(Kind.AMBIGUOUS, 0, null, what + ": " + unreadable.getMessage(), unreadable);
    }
  }

  private record Outgoing(int position, String reference, Object request) {}

  /** The state of one chunk across its attempts: what is settled, what is pending, what is in doubt. */
  private final class ChunkPosting {

    private final DocumentKind kind;
    private final PostResult[] results;
    private final List<Outgoing> pending;
    private final Set<Outgoing> inDoubt = new LinkedHashSet<>();
    private final Instant notAfter;

    ChunkPosting(DocumentKind kind, List<Outgoing> chunk, PostResult[] results, Instant notAfter) {
      this.kind = kind;
      this.results = results;
      this.pending = new ArrayList<>(chunk);
      this.notAfter = notAfter;
    }

    /**
     * Refuses to start a call after the caller's deadline: every call that did start ends by the deadline
     * plus {@code maxCallTime}, which the caller's claims outlast.
     */
    private void requireTimeFor(String call) {
      if (notAfter != null && clock.instant().isAfter(notAfter)) {
        throw new ErpCallFailure(Kind.OUT_OF_TIME, 0, null, call + " not started: the caller's deadline "
            + notAfter + " has passed (calls started before it end by " + notAfter.plus(maxCallTime) + ")", null);
      }
    }

    void run() {
      resilience.withRetries("post of " + pending.size() + " " + kind.label + "(s)", () -> {
        attempt();
        return null;
      });
    }

    private void attempt() {
      settleInDoubtByLookup();
      if (!pending.isEmpty()) {
        postBatch(List.copyOf(pending));
      }
    }

    private void settleInDoubtByLookup() {
      for (Outgoing document : List.copyOf(inDoubt)) {
        requireTimeFor("lookup of " + kind.label + " " + document.reference());
        Optional<ErpDocument> found = lookUp(kind, document.reference());
        if (found.isPresent()) {
          settle(document, new PostResult.Posted(document.reference(), found.get().documentNumber(), true));
        } else {
          inDoubt.remove(document);
        }
      }
    }

    private void postBatch(List<Outgoing> batch) {
      List<Object> requests = batch.stream().map(Outgoing::request).toList();
      ErpAnswer answer = send(batch, kind.batchPath(), wire.batch(requests));
      if (!answer.successful()) {
        refusedAsAWhole(batch, answer);
        return;
      }
      List<BatchResult> outcomes = readOrDoubt(batch, () -> wire.batchResults(answer.body()));
      List<PostResult> settled = new ArrayList<>(batch.size());
      for (int index = 0; index < batch.size(); index++) {
        Outgoing document = batch.get(index);
        BatchResult outcome = index < outcomes.size() ? outcomes.get(index) : null;
        PostResult result = outcome == null ? null : resultOf(document, outcome);
        if (outcomes.size() != batch.size() || result == null) {
          throw doubt(batch, "batch answer does not match the " + batch.size() + " documents sent");
        }
        settled.add(result);
      }
      for (int index = 0; index < batch.size(); index++) {
        settle(batch.get(index), settled.get(index));
      }
    }

    private PostResult resultOf(Outgoing document, BatchResult outcome) {
      if (outcome.externalReference() != null && !outcome.externalReference().equals(document.reference())) {
        return null;
      }
      String outcomeName = Objects.requireNonNullElse(outcome.outcome(), "");
      return switch (outcomeName) {
        case "CREATED", "EXISTING" -> outcome.documentNumber() == null ? null
            : new PostResult.Posted(document.reference(), outcome.documentNumber(), outcomeName.equals("EXISTING"));
        case "REJECTED" -> new PostResult.Rejected(document.reference(),
            Objects.requireNonNullElse(outcome.error(), "rejected by the ERP"));
        default -> null;
      };
    }

    // A 4xx for the batch as a whole (malformed, too large, endpoint missing) says nothing about which
    // document is at fault: post them one by one so one bad document cannot reject its neighbours.
    private void refusedAsAWhole(List<Outgoing> batch, ErpAnswer answer) {
      if (batch.size() == 1) {
        settle(batch.get(0), new PostResult.Rejected(batch.get(0).reference(), wire.problemReason(answer)));
        return;
      }
      log.warn("ERP refused a batch of {} {}(s) as a whole ({}); posting them one by one", batch.size(),
          kind.label, answer.status());
      for (Outgoing document : batch) {
        postSingly(document);
      }
    }

    private void postSingly(Outgoing document) {
      ErpAnswer answer = send(List.of(document), kind.path, wire.json(document.request()));
      if (answer.successful()) {
        String documentNumber = readOrDoubt(List.of(document), () -> wire.documentNumber(answer.body()));
        // 201: created now; 200: the ERP already held this reference
        settle(document, new PostResult.Posted(document.reference(), documentNumber, answer.status() != 201));
      } else {
        settle(document, new PostResult.Rejected(document.reference(), wire.problemReason(answer)));
      }
    }

    private ErpAnswer send(List<Outgoing> documents, String path, byte[] body) {
      requireTimeFor("POST " + path + " of " + documents.size() + " " + kind.label + "(s)");
      try {
        return resilience.guarded(() -> http.post(path, body));
      } catch (ErpCallFailure failure) {
        if (failure.mayHaveBeenProcessed()) {
          markInDoubt(documents, failure.getMessage());
        }
        throw failure;
      }
    }

    private <T> T readOrDoubt(List<Outgoing> documents, Supplier<T> reading) {
      try {
        return reading.get();
      } catch (UnreadableAnswerException unreadable) {
        throw doubt(documents, unreadable.getMessage());
      }
    }

    private ErpCallFailure doubt(List<Outgoing> documents, String why) {
      markInDoubt(documents, why);
      return new ErpCallFailure(Kind.AMBIGUOUS, 0, null, kind.label + " post: " + why, null);
    }

    private void markInDoubt(List<Outgoing> documents, String why) {
      inDoubt.addAll(documents);
      log.warn("ERP post of {} {}(s) ended ambiguously ({}); looking them up before posting again",
          documents.size(), kind.label, why);
    }

    private void settle(Outgoing document, PostResult result) {
      results[document.position()] = result;
      pending.remove(document);
      inDoubt.remove(document);
    }
  }
}
