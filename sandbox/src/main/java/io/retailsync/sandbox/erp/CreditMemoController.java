package io.retailsync.sandbox.erp;

import io.retailsync.sandbox.support.SandboxProblem;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/erp/credit-memos")
class CreditMemoController {

  private final CreditMemos creditMemos;

  CreditMemoController(CreditMemos creditMemos) {
    this.creditMemos = creditMemos;
  }

  @PostMapping
  ResponseEntity<CreditMemo> post(@RequestBody JsonNode document) {
    return creditMemos.post(document).toResponse();
  }

  @PostMapping("/batch")
  BatchResult.Response batch(@RequestBody BatchRequest request) {
    return new BatchResult.Response(creditMemos.postBatch(request.checked()));
  }

  /** {@code reference} is the memo's own external reference; {@code salesOrderReference} lists an order's memos. */
  @GetMapping
  List<CreditMemo> find(@RequestParam(required = false) String reference,
      @RequestParam(required = false) String salesOrderReference) {
    if (reference != null) {
      return creditMemos.byReference(reference);
    }
    if (salesOrderReference != null) {
      return creditMemos.bySalesOrder(salesOrderReference);
    }
    throw SandboxProblem.badRequest("give reference or salesOrderReference");
  }
}
