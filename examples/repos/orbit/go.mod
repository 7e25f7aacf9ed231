module example.org/orbit

go 1.22
