// The volunteer service's RPCs of service certificates (志愿服务证明): issue, read, the PDF,
// list, revoke, and the public verification (no token needed).
#include "services/volunteer/grpc/volunteer_grpc.h"

#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/volunteer/grpc/mapping.h"

namespace tongxin::volunteer {

VolunteerGrpc::Reactor* VolunteerGrpc::IssueCertificate(Ctx* ctx,
                                                        const pb::IssueCertificateRequest* req,
                                                        pb::Certificate* resp) {
  return Mutate(ctx, "IssueCertificate", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto certificate,
                        certificates_.Issue(tx, call.principal, req->volunteer_id(),
                                            req->period_start(), req->period_end()));
    ToProto(certificate, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetCertificate(Ctx* ctx,
                                                      const pb::GetCertificateRequest* req,
                                                      pb::Certificate* resp) {
  return Query(ctx, "GetCertificate", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto certificate, certificates_.Get(tx, call.principal, req->serial()));
    ToProto(certificate, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::GetCertificatePdf(Ctx* ctx,
                                                         const pb::GetCertificatePdfRequest* req,
                                                         pb::CertificatePdf* resp) {
  // Read and authorized in the transaction; rendered (about 0.1 s of CPU) after it.
  auto certificate = std::make_shared<Certificate>();
  return QueryThen(
      ctx, "GetCertificatePdf",
      [=, this](const CallContext& call, Tx& tx) {
        TX_ASSIGN_OR_RETURN(*certificate, certificates_.Get(tx, call.principal, req->serial()));
        return absl::OkStatus();
      },
      [=, this](const CallContext&) {
        TX_ASSIGN_OR_RETURN(auto file, certificates_.Pdf(*certificate));
        ToProto(file, resp);
        return absl::OkStatus();
      });
}

VolunteerGrpc::Reactor* VolunteerGrpc::ListCertificates(Ctx* ctx,
                                                        const pb::ListCertificatesRequest* req,
                                                        pb::ListCertificatesResponse* resp) {
  return Query(ctx, "ListCertificates", [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto page, MakePageRequest(req->page_size(), req->page_token()));
    TX_ASSIGN_OR_RETURN(auto certificates,
                        certificates_.List(tx, call.principal, req->volunteer_id(), page));
    FillPage(certificates, resp,
             [](auto* out, const auto& item) { ToProto(item, out->add_certificates()); });
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::RevokeCertificate(Ctx* ctx,
                                                         const pb::RevokeCertificateRequest* req,
                                                         pb::Certificate* resp) {
  return Mutate(ctx, "RevokeCertificate", req, resp, [=, this](const CallContext& call, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto certificate,
                        certificates_.Revoke(tx, call.principal, req->serial(), req->reason()));
    ToProto(certificate, resp);
    return absl::OkStatus();
  });
}

VolunteerGrpc::Reactor* VolunteerGrpc::VerifyCertificate(Ctx* ctx,
                                                         const pb::VerifyCertificateRequest* req,
                                                         pb::CertificateVerification* resp) {
  // Public: whoever holds the paper checks it, signed in or not.
  return PublicQuery(ctx, "VerifyCertificate", [=, this](const CallContext&, Tx& tx) {
    TX_ASSIGN_OR_RETURN(auto certificate, certificates_.Verify(tx, req->serial()));
    ToVerification(certificate, resp);
    return absl::OkStatus();
  });
}

}  // namespace tongxin::volunteer
