int stub_repository_test;
