-- wrk script of the query-load benchmark: GET /accounts/<id>, the id drawn uniformly at random for each request
-- from a file of account ids (one a line); at the end one line "WRK_RESULT {json}" with exact numbers.
--   wrk -t2 -c32 -d20s --latency -s wrk-random-ids.lua http://127.0.0.1:PORT -- ids.txt
local paths = {}
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("seed", threads)
end

function init(args)
   local file = args[1]
   if file == nil then
      error("usage: wrk ... -s wrk-random-ids.lua URL -- ids-file")
   end
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = "/accounts/" .. line
      end
   end
   if #paths == 0 then
      error("no account ids in " .. file)
   end
   math.randomseed(seed or 1)
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format('WRK_RESULT {"requests":%.0f,"durationUs":%.0f,"bytes":%.0f,'
      .. '"connectErrors":%.0f,"readErrors":%.0f,"writeErrors":%.0f,"non2xx3xx":%.0f,"timeouts":%.0f,'
      .. '"meanUs":%.1f,"stdevUs":%.1f,"p50Us":%.1f,"p75Us":%.1f,"p90Us":%.1f,"p99Us":%.1f,"p999Us":%.1f,'
      .. '"maxUs":%.1f}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency.stdev, latency:percentile(50), latency:percentile(75), latency:percentile(90),
      latency:percentile(99), latency:percentile(99.9), latency.max))
end
