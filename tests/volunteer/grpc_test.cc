int stub_grpc_test;
